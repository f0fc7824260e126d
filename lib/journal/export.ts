import "server-only";
import type { Executor } from "@/lib/db";
import { csvRow } from "./csv";
import { journalPage, type JournalFilter } from "./query";

const BATCH = 500;

const header = [
  "id",
  "at",
  "actor_type",
  "actor_id",
  "actor_name",
  "kind",
  "bot_id",
  "contact_id",
  "order_id",
  "subject_id",
  "data",
];

/**
 * The filtered journal as a CSV stream, newest first. Rows are read in batches by id cursor
 * as the client consumes them, so a large export never sits in memory at once.
 */
export function exportJournalCsv(
  db: Executor,
  workspaceId: string,
  filter: JournalFilter,
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let before: number | undefined;
  let started = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!started) {
        started = true;
        // The BOM makes Excel read the file as UTF-8 (names in Cyrillic, emoji in bot messages).
        controller.enqueue(encoder.encode("\uFEFF" + csvRow(header)));
        return;
      }
      const { entries, nextCursor } = await journalPage(db, workspaceId, filter, {
        before,
        limit: BATCH,
      });
      const text = entries
        .map((e) =>
          csvRow([
            e.id,
            e.at.toISOString(),
            e.actorType,
            e.actorId,
            e.actorName,
            e.kind,
            e.botId,
            e.contactId,
            e.orderId,
            e.subjectId,
            JSON.stringify(e.data),
          ]),
        )
        .join("");
      if (text) controller.enqueue(encoder.encode(text));
      if (nextCursor === null) controller.close();
      else before = nextCursor;
    },
  });
}

export function journalExportFilename(now = new Date()): string {
  return `journal-${now.toISOString().slice(0, 10)}.csv`;
}
