import { and, eq, exists, ilike, isNotNull, isNull, not, or, sql, type SQL } from "drizzle-orm";
import { contacts, orders } from "@/lib/db/schema";
import { escapeLike } from "@/lib/db/like";
import { segmentFilterSchema, type SegmentFilter } from "./segment-filter";

export { segmentFilterSchema, type SegmentFilter } from "./segment-filter";

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
