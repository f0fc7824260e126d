import { z } from "zod";
import type { ProductKind } from "@/lib/products/input";

/**
 * How a product's goods reach the buyer (`product.delivery`). Isomorphic: the product form
 * validates with the same schema. Every field has a default, so `{}` (a product saved before
 * delivery settings existed) parses to the kind's default method.
 */

export const deliveryMethods = [
  "one_time_link",
  "timed_link",
  "chat_file",
  "license_key",
  "channel",
  "course",
  "text",
] as const;
export type DeliveryMethod = (typeof deliveryMethods)[number];

/** The methods that fit each product kind; the first is the default. */
export const methodsForKind: Record<ProductKind, readonly DeliveryMethod[]> = {
  file: ["one_time_link", "timed_link", "chat_file"],
  link: ["text"],
  license_key: ["license_key"],
  course: ["course"],
  channel: ["channel"],
  subscription: ["channel", "course"],
  text: ["text"],
};

export const deliverySettingsSchema = z.object({
  method: z.enum(deliveryMethods).optional().describe("Empty: the kind's default method"),
  /** Sent with the goods when the deliver node has no text of its own. */
  message: z.string().max(3000).default(""),
  /** file methods: the stored file (file_asset id). */
  fileId: z.uuid().nullable().default(null),
  /** Links: hours until the link stops working. */
  linkHours: z
    .int()
    .min(1)
    .max(24 * 365)
    .default(72),
  /** timed_link: downloads allowed within linkHours. */
  maxDownloads: z.int().min(1).max(1000).default(3),
  /** PDFs: stamp the buyer's id and the order number on every page of each download. */
  stampPdf: z.boolean().default(false),
  /** text (and link products): the code, URL or text the buyer gets. */
  secret: z.string().max(3000).default(""),
  /** license_key: alert staff when this many keys or fewer are left. */
  lowStockAt: z.int().min(0).max(100_000).default(5),
  /** license_key: what to do with a paid order when the pool is empty. */
  outOfStock: z.enum(["refund", "hold"]).default("hold"),
  /** channel: the private channel or group (its Telegram chat id, e.g. -100…). */
  channelChatId: z
    .string()
    .trim()
    .regex(/^-?\d{1,20}$/, "A Telegram chat id such as -1001234567890")
    .or(z.literal(""))
    .default(""),
  /** channel: days of access for a one-time purchase; null is for good (subscriptions: the period). */
  accessDays: z.int().min(1).max(3660).nullable().default(null),
  /** channel (subscriptions and limited access): remind the buyer this many days before the end. */
  reminderDays: z.int().min(0).max(60).default(3),
  /** channel: hours the invite link stays valid. */
  inviteHours: z
    .int()
    .min(1)
    .max(24 * 30)
    .default(24),
  /** course: "lms" calls the shop's LMS; "page" shows Botshop's own access page. */
  courseMode: z.enum(["lms", "page"]).default("page"),
  /** course (lms): a POST with a JSON body, both templates over {{order.*}} and {{contact.*}}. */
  lmsUrl: z.string().trim().max(2048).default(""),
  lmsBody: z.string().max(10_000).default(""),
  /** course (page): what the access page shows (plain text; links are made clickable). */
  pageContent: z.string().max(20_000).default(""),
});

export type DeliverySettings = z.output<typeof deliverySettingsSchema>;

/** The settings as stored, with the method resolved for the product's kind. */
export function resolveDelivery(
  kind: ProductKind,
  stored: unknown,
): DeliverySettings & { method: DeliveryMethod } {
  const parsed = deliverySettingsSchema.safeParse(stored ?? {});
  const settings = parsed.success ? parsed.data : deliverySettingsSchema.parse({});
  const allowed = methodsForKind[kind];
  const method =
    settings.method && allowed.includes(settings.method) ? settings.method : allowed[0]!;
  return { ...settings, method };
}
