import { z } from "zod";
import { parseCsv } from "./csv-parse";
import { readOnlyColumns } from "./columns";

export const MAX_IMPORT_ROWS = 10_000;

const cell = z.string().max(1000);

/** One row of an import: how to find the contact, and what to set (absent: unchanged). */
export const importRowSchema = z.strictObject({
  line: z.int().min(1).describe("The row's number in the file (the header is row 1)"),
  id: cell.optional().describe("The contact's id"),
  telegramId: cell.optional().describe("The Telegram user id"),
  bot: cell
    .optional()
    .describe("With telegramId: only this bot's contact (its id, name or @username)"),
  externalId: cell
    .optional()
    .describe("Matches on the external id when no id or telegramId is given; otherwise sets it"),
  phone: cell.optional().describe("Any common notation; stored in E.164"),
  tags: cell.optional().describe("Replaces the tags: separated by ; (or ,)"),
  fields: z
    .record(z.string().max(100), cell)
    .optional()
    .describe("Custom field values by field name, checked against the field's type"),
});
export type ImportRow = z.infer<typeof importRowSchema>;

export const importContactsInput = z.strictObject({
  rows: z
    .array(importRowSchema)
    .min(1, "The file has no rows")
    .max(MAX_IMPORT_ROWS, `At most ${MAX_IMPORT_ROWS} rows per import`),
});
export type ImportContactsInput = z.infer<typeof importContactsInput>;

const headerAliases: Record<string, keyof ImportRow | "ignore"> = {
  id: "id",
  contact_id: "id",
  telegram_id: "telegramId",
  telegram: "telegramId",
  bot: "bot",
  external_id: "externalId",
  phone: "phone",
  tags: "tags",
};

/**
 * A CSV text (a contacts export, edited) into the import body. Headers are matched without
 * regard to case and spaces; known read-only columns are skipped, any other column is a custom
 * field by its name. Empty cells change nothing.
 */
export function importRowsFromCsv(text: string): ImportContactsInput {
  const [header, ...body] = parseCsv(text);
  if (!header) return { rows: [] };
  const columns = header.map((h) =>
    h
      .trim()
      .toLowerCase()
      .replace(/[\s-]+/g, "_"),
  );
  return {
    rows: body.map((cells, i) => {
      const row: ImportRow = { line: i + 2 };
      const fields: Record<string, string> = {};
      columns.forEach((column, c) => {
        // Our exports quote cells a spreadsheet would run as a formula ('+7912…): undo that.
        const value = (cells[c] ?? "").trim().replace(/^'(?=[=+\-@])/, "");
        if (!value || !column || readOnlyColumns.has(column)) return;
        const key = headerAliases[column];
        if (key === "ignore") return;
        if (key === "line" || key === "fields") return;
        if (key) row[key] = value;
        else fields[column] = value;
      });
      if (Object.keys(fields).length) row.fields = fields;
      return row;
    }),
  };
}
