import "server-only";
import type { DeliveryMethodHandler } from "../method";
import type { DeliveryMethod } from "../settings";
import { licenseKey, oneTimeLink, textSecret, timedLink } from "./basic";
import { channelAccess } from "./channel";
import { course } from "./course";
import { chatFile } from "./file";

/**
 * Every delivery method's handler (lib/delivery/method.ts). A method without one fails its
 * deliveries with `method_unavailable`, which staff see in the journal and on the order.
 */
export const deliveryMethodHandlers: Partial<Record<DeliveryMethod, DeliveryMethodHandler>> = {
  one_time_link: oneTimeLink,
  timed_link: timedLink,
  chat_file: chatFile,
  text: textSecret,
  license_key: licenseKey,
  channel: channelAccess,
  course,
};
