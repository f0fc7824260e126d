import { and, eq, exists, ilike, isNotNull, isNull, not, or, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import { contacts, orders } from "@/lib/db/schema";
import { escapeLike } from "@/lib/db/like";

/**
 * Which contacts: the filter of the contacts list, of saved segments and of a broadcast's
 * audience, in one shape. Every condition given must hold; an empty filter is everyone.
 * Erased contacts are never in a segment.
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

/** The WHERE condition selecting the workspace's contacts in the filter. */
export function segmentWhere(workspaceId: string, input: SegmentFilter): SQL {
  const filter = segmentFilterSchema.parse(input);
  const conditions: (SQL | undefined)[] = [
    eq(contacts.workspaceId, workspaceId),
    isNull(contacts.erasedAt),
  ];
  if (filter.botId) conditions.push(eq(contacts.botId, filter.botId));
  if (filter.search) {
    const pattern = `%${escapeLike(filter.search)}%`;
    conditions.push(
      or(
        ilike(sql`${contacts.firstName} || ' ' || coalesce(${contacts.lastName}, '')`, pattern),
        ilike(contacts.username, pattern),
        ilike(contacts.phone, pattern),
        ilike(contacts.externalId, pattern),
      ),
    );
  }
  if (filter.tagsAll?.length)
    conditions.push(sql`${contacts.tags} @> ${textArray(filter.tagsAll)}`);
  if (filter.tagsAny?.length)
    conditions.push(sql`${contacts.tags} && ${textArray(filter.tagsAny)}`);
  if (filter.tagsNone?.length)
    conditions.push(not(sql`${contacts.tags} && ${textArray(filter.tagsNone)}`));
  for (const f of filter.fields ?? []) {
    const value = sql`${contacts.fields}->>${f.name}`;
    switch (f.op) {
      case "equals":
        conditions.push(sql`${value} = ${f.value}`);
        break;
      case "not_equals":
        conditions.push(sql`${value} is distinct from ${f.value}`);
        break;
      case "contains":
        conditions.push(sql`${value} ilike ${`%${escapeLike(f.value)}%`}`);
        break;
      case "set":
        conditions.push(sql`coalesce(${value}, '') <> ''`);
        break;
      case "not_set":
        conditions.push(sql`coalesce(${value}, '') = ''`);
        break;
    }
  }
  if (filter.purchased !== undefined || filter.purchasedProductIds?.length) {
    const paid = exists(
      sql`(select 1 from ${orders} where ${orders.contactId} = ${contacts.id}
          and ${orders.status} in ('paid', 'fulfilled')
          ${
            filter.purchasedProductIds?.length
              ? sql`and ${orders.productId} in (${sql.join(
                  filter.purchasedProductIds.map((id) => sql`${id}::uuid`),
                  sql`, `,
                )})`
              : sql``
          })`,
    );
    conditions.push(filter.purchased === false ? not(paid) : paid);
  }
  if (filter.activeWithinDays)
    conditions.push(
      sql`${contacts.updatedAt} >= now() - make_interval(days => ${filter.activeWithinDays})`,
    );
  if (filter.inactiveForDays)
    conditions.push(
      sql`${contacts.updatedAt} < now() - make_interval(days => ${filter.inactiveForDays})`,
    );
  if (filter.languages?.length)
    conditions.push(
      or(...filter.languages.map((l) => ilike(contacts.languageCode, `${escapeLike(l)}%`))),
    );
  if (filter.blocked !== undefined) conditions.push(eq(contacts.blocked, filter.blocked));
  if (filter.test !== undefined) conditions.push(eq(contacts.test, filter.test));
  if (filter.linked !== undefined) {
    const linked = or(isNotNull(contacts.externalId), isNotNull(contacts.phone))!;
    conditions.push(filter.linked ? linked : not(linked));
  }
  return and(...conditions)!;
}

function textArray(values: string[]): SQL {
  return sql`array[${sql.join(
    values.map((v) => sql`${v}`),
    sql`, `,
  )}]::text[]`;
}
