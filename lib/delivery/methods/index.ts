import "server-only";
import type { DeliveryMethodHandler } from "../method";
import type { DeliveryMethod } from "../settings";
import { coursePage, licenseKey, oneTimeLink, textSecret, timedLink } from "./basic";
import { channelAccess } from "./channel";

/**
 * Every delivery method's handler (lib/delivery/method.ts). A method without one fails its
 * deliveries with `method_unavailable`, which staff see in the journal and on the order.
 */
export const deliveryMethodHandlers: Partial<Record<DeliveryMethod, DeliveryMethodHandler>> = {
  one_time_link: oneTimeLink,
  timed_link: timedLink,
  text: textSecret,
  license_key: licenseKey,
  channel: channelAccess,
  course: {
    // The LMS call is not built yet: such a delivery fails as method_unavailable.
    issue: async (ctx) =>
      ctx.settings.courseMode === "page"
        ? coursePage.issue(ctx)
        : { status: "failed", reason: "method_unavailable", buyerText: "" },
  },
};
