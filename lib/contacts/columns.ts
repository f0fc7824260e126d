/**
 * The CSV columns of a contacts export, in order, before and after the custom fields. An import
 * reads the same file back: it matches on id, telegram_id or external_id and sets phone,
 * external_id, tags and custom fields; the other columns are what Telegram says and are
 * ignored. Custom field names may not take these names. Isomorphic.
 */
export const leadingColumns = [
  "id",
  "bot",
  "telegram_id",
  "first_name",
  "last_name",
  "username",
  "phone",
  "external_id",
  "language",
  "tags",
] as const;

export const trailingColumns = ["blocked", "created_at", "last_activity_at"] as const;

export const reservedColumns: ReadonlySet<string> = new Set([
  ...leadingColumns,
  ...trailingColumns,
]);

/** Columns an import reads as they are exported, and ignores. */
export const readOnlyColumns: ReadonlySet<string> = new Set([
  "first_name",
  "last_name",
  "username",
  "language",
  "blocked",
  "created_at",
  "last_activity_at",
]);

/** Tags in one cell: "vip; lead". */
export const TAG_SEPARATOR = "; ";
