import "server-only";
import type { DeliveryMethodHandler } from "../method";
import type { DeliveryMethod } from "../settings";
import { licenseKey, oneTimeLink, textSecret, timedLink } from "./basic";
import { course } from "./course";

/**
 * Every delivery method's handler (lib/delivery/method.ts). A method without one fails its
 * deliveries with `method_unavailable`, which staff see in the journal and on the order.
 */
export const deliveryMethodHandlers: Partial<Record<DeliveryMethod, DeliveryMethodHandler>> = {
  one_time_link: oneTimeLink,
  timed_link: timedLink,
  text: textSecret,
  license_key: licenseKey,
  course,
};
