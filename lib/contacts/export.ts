import "server-only";
import type { Executor } from "@/lib/db";
import { csvRow } from "@/lib/journal/csv";
import { listContactFields } from "./field-definitions";
import { leadingColumns, TAG_SEPARATOR, trailingColumns } from "./columns";
import { listContacts, type ContactSort } from "./list";
import type { SegmentFilter } from "./segments";

const BATCH = 500;

/**
 * The filter's contacts as a CSV stream (UTF-8 with a BOM, so Excel reads Cyrillic names), read
 * in keyset batches as the client consumes them. One column per declared custom field, by its
 * name, between the tags and the blocked flag. An import reads the same file back.
 */
export function exportContactsCsv(
  db: Executor,
  workspaceId: string,
  opts: { filter: SegmentFilter; sort?: ContactSort },
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let cursor: string | undefined;
  let fieldNames: string[] | null = null;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!fieldNames) {
        fieldNames = (await listContactFields(db, workspaceId)).map((f) => f.name);
        controller.enqueue(
          encoder.encode("\uFEFF" + csvRow([...leadingColumns, ...fieldNames, ...trailingColumns])),
        );
        return;
      }
      const names = fieldNames;
      const page = await listContacts(db, workspaceId, {
        filter: opts.filter,
        sort: opts.sort,
        cursor,
        limit: BATCH,
      });
      const text = page.rows
        .map(({ contact: c, bot }) =>
          csvRow([
            c.id,
            // The username without "@": a leading @ is what spreadsheets take for a formula.
            bot.username ?? bot.name,
            c.channelUserId,
            c.firstName,
            c.lastName,
            c.username,
            c.phone,
            c.externalId,
            c.languageCode,
            c.tags.join(TAG_SEPARATOR),
            ...names.map((n) => c.fields[n] ?? ""),
            c.blocked ? "true" : "false",
            c.createdAt.toISOString(),
            c.updatedAt.toISOString(),
          ]),
        )
        .join("");
      if (text) controller.enqueue(encoder.encode(text));
      if (!page.nextCursor) controller.close();
      else cursor = page.nextCursor;
    },
  });
}

export function contactsExportFilename(now = new Date()): string {
  return `contacts-${now.toISOString().slice(0, 10)}.csv`;
}
