import "server-only";
import { and, eq, inArray, isNull, or, sql, type SQL } from "drizzle-orm";
import type { Executor } from "@/lib/db";
import { bots, contacts } from "@/lib/db/schema";
import { isUuid } from "@/lib/api/caller";
import { ApiError } from "@/lib/api/errors";
import { recordJournal, type Actor } from "@/lib/journal/record";
import type { ImportRow } from "./import-input";
import type { ContactRow } from "./list";
import {
  applyPatch,
  changesOf,
  fieldTypes,
  writeContactChanges,
  type ContactPatch,
} from "./update";

export interface ImportError {
  row: number;
  column?: string;
  message: string;
}

export interface ImportChange {
  row: number;
  contactId: string;
  name: string;
  before: Record<string, unknown>;
  after: Record<string, unknown>;
}

export interface ImportReport {
  dryRun: boolean;
  rows: number;
  /** Contacts the rows found (a Telegram id may find one per bot). */
  matched: number;
  /** Contacts whose values change (or changed). */
  changed: number;
  errors: ImportError[];
  /** The first changes, for the preview. */
  changes: ImportChange[];
}

const PREVIEW = 100;

const columnOf: Record<string, string> = {
  tags: "tags",
  phone: "phone",
  externalId: "external_id",
  timeZone: "time_zone",
};

function splitTags(cell: string): string[] {
  return cell
    .split(/[;,]/)
    .map((t) => t.trim())
    .filter(Boolean);
}

async function candidates(db: Executor, workspaceId: string, rows: ImportRow[], lock: boolean) {
  const ids = [...new Set(rows.map((r) => r.id).filter((v): v is string => !!v && isUuid(v)))];
  const telegram = [...new Set(rows.map((r) => r.telegramId).filter((v): v is string => !!v))];
  const external = [...new Set(rows.map((r) => r.externalId).filter((v): v is string => !!v))];
  const keys: SQL[] = [];
  if (ids.length) keys.push(inArray(contacts.id, ids));
  if (telegram.length) keys.push(inArray(contacts.channelUserId, telegram));
  if (external.length) keys.push(inArray(contacts.externalId, external));
  if (!keys.length) return [];
  const query = db
    .select()
    .from(contacts)
    .where(and(eq(contacts.workspaceId, workspaceId), isNull(contacts.erasedAt), or(...keys)))
    .orderBy(contacts.id);
  return lock ? query.for("update") : query;
}

/**
 * What the rows would do: for each row the contacts it finds (by id; else by Telegram id,
 * narrowed to a bot when given; else by external id) and their new values. Import never
 * creates a contact: a Telegram contact exists only once the person has written to the bot.
 */
async function plan(db: Executor, workspaceId: string, rows: ImportRow[], lock: boolean) {
  const [types, workspaceBots, found] = await Promise.all([
    fieldTypes(db, workspaceId),
    db
      .select({
        id: bots.id,
        name: bots.name,
        username: sql<string | null>`${bots.telegramMe}->>'username'`,
      })
      .from(bots)
      .where(eq(bots.workspaceId, workspaceId)),
    candidates(db, workspaceId, rows, lock),
  ]);
  const byId = new Map(found.map((c) => [c.id, c]));
  const errors: ImportError[] = [];
  /** Each contact's values after every row so far: a later row sees an earlier one's change. */
  const current = new Map<string, ContactRow>();
  const matched = new Set<string>();
  const lastRow = new Map<string, number>();

  for (const row of rows) {
    let targets: ContactRow[];
    let setExternal = true;
    if (row.id) {
      const c = byId.get(row.id);
      if (!c) {
        errors.push({ row: row.line, column: "id", message: `No contact with id ${row.id}` });
        continue;
      }
      targets = [c];
    } else if (row.telegramId) {
      const bot = row.bot?.replace(/^@/, "").toLowerCase();
      const botIds = bot
        ? workspaceBots
            .filter(
              (b) =>
                b.id === bot || b.name.toLowerCase() === bot || b.username?.toLowerCase() === bot,
            )
            .map((b) => b.id)
        : null;
      if (botIds && botIds.length === 0) {
        errors.push({ row: row.line, column: "bot", message: `No bot "${row.bot}"` });
        continue;
      }
      targets = found.filter(
        (c) => c.channelUserId === row.telegramId && (!botIds || botIds.includes(c.botId)),
      );
      if (!targets.length) {
        errors.push({
          row: row.line,
          column: "telegram_id",
          message: `No contact with Telegram id ${row.telegramId}: a contact appears once the person writes to the bot`,
        });
        continue;
      }
    } else if (row.externalId) {
      setExternal = false;
      targets = found.filter((c) => c.externalId === row.externalId);
      if (!targets.length) {
        errors.push({
          row: row.line,
          column: "external_id",
          message: `No contact with external id ${row.externalId}`,
        });
        continue;
      }
    } else {
      errors.push({ row: row.line, message: "Give an id, a telegram_id or an external_id" });
      continue;
    }

    const patch: ContactPatch = {
      ...(row.tags !== undefined ? { tags: splitTags(row.tags) } : {}),
      ...(row.phone !== undefined ? { phone: row.phone } : {}),
      ...(row.externalId !== undefined && setExternal ? { externalId: row.externalId } : {}),
      ...(row.fields ? { fields: row.fields } : {}),
    };
    for (const target of targets) {
      const base = current.get(target.id) ?? target;
      const result = applyPatch(base, patch, types);
      if (!result.ok) {
        for (const e of result.errors)
          errors.push({
            row: row.line,
            column: e.path.startsWith("fields.") ? e.path.slice(7) : (columnOf[e.path] ?? e.path),
            message: e.message,
          });
        break;
      }
      matched.add(target.id);
      lastRow.set(target.id, row.line);
      current.set(target.id, { ...base, ...result.values });
    }
  }

  const changes: (ImportChange & { original: ContactRow; next: ContactRow })[] = [];
  for (const [id, next] of current) {
    const original = byId.get(id)!;
    const diff = changesOf(original, next);
    if (diff)
      changes.push({
        row: lastRow.get(id)!,
        contactId: id,
        name: [original.firstName, original.lastName].filter(Boolean).join(" "),
        ...diff,
        original,
        next,
      });
  }
  changes.sort((a, b) => a.row - b.row);
  return { errors, matched: matched.size, changes };
}

/**
 * Updates existing contacts from rows (a CSV import): tags, phone, external id and custom
 * fields. A dry run reports what would change and every row's errors; applying refuses a file
 * with errors (422) and otherwise writes everything in one transaction, journaling
 * contact.updated per changed contact and contacts.imported with the counts.
 */
export async function importContacts(
  db: Executor,
  input: { workspaceId: string; rows: ImportRow[]; dryRun: boolean; actor: Actor },
): Promise<ImportReport> {
  const report = (p: Awaited<ReturnType<typeof plan>>): ImportReport => ({
    dryRun: input.dryRun,
    rows: input.rows.length,
    matched: p.matched,
    changed: p.changes.length,
    errors: p.errors,
    changes: p.changes.slice(0, PREVIEW).map(({ original: _o, next: _n, ...change }) => change),
  });
  if (input.dryRun) return report(await plan(db, input.workspaceId, input.rows, false));

  return db.transaction(async (tx) => {
    const p = await plan(tx, input.workspaceId, input.rows, true);
    if (p.errors.length)
      throw new ApiError("unprocessable_entity", "Some rows are not valid; nothing was imported", {
        details: p.errors.map((e) => ({
          path: `row ${e.row}${e.column ? ` ${e.column}` : ""}`,
          message: e.message,
        })),
      });
    for (const change of p.changes)
      await writeContactChanges(tx, change.original, change.next, input.actor, "import");
    await recordJournal(tx, {
      workspaceId: input.workspaceId,
      actor: input.actor,
      kind: "contacts.imported",
      data: { rows: input.rows.length, matched: p.matched, changed: p.changes.length },
    });
    return report(p);
  });
}
