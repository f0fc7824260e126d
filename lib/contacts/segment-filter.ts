import { z } from "zod";

/**
 * Which contacts: the filter of the contacts list, of saved segments and of a broadcast's
 * audience, in one shape. Every condition given must hold; an empty filter is everyone.
 * Erased contacts are never in a segment. Isomorphic: the contacts page edits it in the browser;
 * segments.ts turns it into SQL.
 */
export const segmentFilterSchema = z.strictObject({
  botId: z.uuid().optional(),
  /** Name, username or phone contains this. */
  search: z.string().trim().max(100).optional(),
  /** Has every one of these tags. */
  tagsAll: z.array(z.string().trim().min(1).max(100)).max(20).optional(),
  /** Has at least one of these tags. */
  tagsAny: z.array(z.string().trim().min(1).max(100)).max(20).optional(),
  /** Has none of these tags. */
  tagsNone: z.array(z.string().trim().min(1).max(100)).max(20).optional(),
  fields: z
    .array(
      z.strictObject({
        name: z.string().trim().min(1).max(100),
        op: z.enum(["equals", "not_equals", "contains", "set", "not_set"]),
        value: z.string().max(500).default(""),
      }),
    )
    .max(20)
    .optional(),
  /** true: has paid at least once (of these products, when given); false: never has. */
  purchased: z.boolean().optional(),
  purchasedProductIds: z.array(z.uuid()).max(50).optional(),
  /** Wrote to the bot within the last N days (true) or not (false: inactive for N days). */
  activeWithinDays: z.int().min(1).max(3650).optional(),
  inactiveForDays: z.int().min(1).max(3650).optional(),
  /** Telegram language codes by prefix: "ru" matches ru and ru-RU. */
  languages: z.array(z.string().trim().min(2).max(10)).max(20).optional(),
  blocked: z.boolean().optional(),
  test: z.boolean().optional(),
  /** Linked to the shop's own customer (an external id or a phone). */
  linked: z.boolean().optional(),
});
export type SegmentFilter = z.input<typeof segmentFilterSchema>;
