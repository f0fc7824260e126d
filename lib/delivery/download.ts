import "server-only";
import { and, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "@/lib/db";
import { contacts, deliveries, fileAssets, orders } from "@/lib/db/schema";
import { hashToken } from "@/lib/crypto/secrets";
import { recordJournal } from "@/lib/journal/record";
import type { DeliveryRow } from "./method";

/**
 * Download links (/d/{token}). The token is looked up by its hash; a download is counted in one
 * conditional UPDATE, so two clicks of a one-time link at the same instant give one file and one
 * "already used". Opening the page counts nothing: Telegram's link preview, a mail scanner or
 * a browser's prefetch can load it without using up the link; the Download button (a POST) does.
 */

export type RefusedWhy = "unknown" | "used" | "expired" | "revoked";

export interface DownloadInfo {
  delivery: DeliveryRow;
  title: string;
  file: typeof fileAssets.$inferSelect | null;
  /** Downloads left; null is unlimited until expiry. */
  left: number | null;
}

const linkMethods = ["one_time_link", "timed_link", "chat_file"] as const;

/** Tokens are base64url of 32 bytes; anything else is not worth a query. */
function plausible(token: string): boolean {
  return /^[A-Za-z0-9_-]{43}$/.test(token);
}

/** What the page shows, without counting a use. */
export async function describeDownload(
  db: Db,
  token: string,
): Promise<{ ok: true; info: DownloadInfo } | { ok: false; why: RefusedWhy; title?: string }> {
  if (!plausible(token)) return { ok: false, why: "unknown" };
  const [row] = await db
    .select({ delivery: deliveries, title: orders.title, file: fileAssets })
    .from(deliveries)
    .innerJoin(orders, eq(orders.id, deliveries.orderId))
    .leftJoin(fileAssets, eq(fileAssets.id, deliveries.fileId))
    .where(
      and(eq(deliveries.tokenHash, hashToken(token)), inArray(deliveries.method, linkMethods)),
    );
  if (!row) return { ok: false, why: "unknown" };
  const why = refusal(row.delivery, new Date());
  if (why) return { ok: false, why, title: row.title };
  const left = row.delivery.maxUses === null ? null : row.delivery.maxUses - row.delivery.uses;
  return { ok: true, info: { ...row, left } };
}

function refusal(d: DeliveryRow, now: Date): RefusedWhy | null {
  if (d.status === "revoked" || d.revokedAt) return "revoked";
  if (d.status === "expired" || (d.expiresAt && d.expiresAt <= now)) return "expired";
  if (d.maxUses !== null && d.uses >= d.maxUses) return "used";
  if (d.status !== "issued") return "unknown";
  return null;
}

/**
 * Counts one download if the link still allows one, and journals it with the client's address.
 * Returns the file to stream, or why not.
 */
export async function consumeDownload(
  db: Db,
  token: string,
  client: { ip: string | null; userAgent: string | null },
): Promise<
  | { ok: true; delivery: DeliveryRow; file: typeof fileAssets.$inferSelect; buyer: string }
  | { ok: false; why: RefusedWhy }
> {
  if (!plausible(token)) return { ok: false, why: "unknown" };
  const hash = hashToken(token);
  return db.transaction(async (tx) => {
    const [used] = await tx
      .update(deliveries)
      .set({
        uses: sql`${deliveries.uses} + 1`,
        usedAt: sql`coalesce(${deliveries.usedAt}, now())`,
        updatedAt: sql`now()`,
      })
      .where(
        and(
          eq(deliveries.tokenHash, hash),
          eq(deliveries.status, "issued"),
          inArray(deliveries.method, linkMethods),
          sql`(${deliveries.expiresAt} is null or ${deliveries.expiresAt} > now())`,
          sql`(${deliveries.maxUses} is null or ${deliveries.uses} < ${deliveries.maxUses})`,
        ),
      )
      .returning();
    if (!used) {
      const [row] = await tx.select().from(deliveries).where(eq(deliveries.tokenHash, hash));
      const why = row ? (refusal(row, new Date()) ?? "unknown") : "unknown";
      if (row)
        await recordJournal(tx, {
          workspaceId: row.workspaceId,
          actor: row.contactId ? { type: "contact", id: row.contactId } : { type: "system" },
          kind: "delivery.download_refused",
          contactId: row.contactId,
          orderId: row.orderId,
          subjectId: row.id,
          data: { why, ip: client.ip, userAgent: client.userAgent },
        });
      return { ok: false as const, why };
    }
    const [file] = used.fileId
      ? await tx.select().from(fileAssets).where(eq(fileAssets.id, used.fileId))
      : [];
    const [contact] = used.contactId
      ? await tx
          .select({ id: contacts.channelUserId, username: contacts.username })
          .from(contacts)
          .where(eq(contacts.id, used.contactId))
      : [];
    await recordJournal(tx, {
      workspaceId: used.workspaceId,
      actor: used.contactId ? { type: "contact", id: used.contactId } : { type: "system" },
      kind: "delivery.downloaded",
      contactId: used.contactId,
      orderId: used.orderId,
      subjectId: used.id,
      data: {
        use: used.uses,
        maxUses: used.maxUses,
        ip: client.ip,
        userAgent: client.userAgent,
        file: file?.name ?? null,
      },
    });
    if (!file) return { ok: false as const, why: "unknown" as const };
    const buyer = contact
      ? `${contact.username ? `@${contact.username}` : "Telegram user"} ${contact.id}`
      : "buyer";
    return { ok: true as const, delivery: used, file, buyer };
  });
}

/**
 * Links past their time become `expired`, each journaled once (every minute, in every process:
 * the conditional UPDATE hands each row to one of them).
 */
export async function expireDeliveries(db: Db): Promise<number> {
  return db.transaction(async (tx) => {
    const expired = await tx
      .update(deliveries)
      .set({ status: "expired", updatedAt: sql`now()` })
      .where(and(eq(deliveries.status, "issued"), sql`${deliveries.expiresAt} <= now()`))
      .returning();
    for (const d of expired)
      await recordJournal(tx, {
        workspaceId: d.workspaceId,
        actor: { type: "system" },
        kind: "delivery.expired",
        botId: d.botId,
        contactId: d.contactId,
        orderId: d.orderId,
        subjectId: d.id,
        data: { method: d.method, uses: d.uses, maxUses: d.maxUses },
      });
    return expired.length;
  });
}
