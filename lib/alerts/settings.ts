import "server-only";
import crypto from "node:crypto";
import { asc, desc, eq, inArray, sql } from "drizzle-orm";
import type { z } from "zod";
import type { Db } from "@/lib/db";
import { alertSettings, bots, incidents, outbox } from "@/lib/db/schema";
import { inWorkspace } from "@/lib/bots/bots";
import type { AlertSettings } from "@/lib/db/schema/analytics";
import { ApiError } from "@/lib/api/errors";
import type { alertSettingsInput, alertSettingsSchema } from "@/lib/api/contracts/alerts";
import { iso } from "@/lib/api/contracts/common";
import { recordJournal, type Actor } from "@/lib/journal/record";
import { parseSupportSettings } from "@/lib/inbox/settings";
import { sendOutboxRowNow } from "@/lib/jobs/sender";
import type { IncidentKind } from "./kinds";
import { testAlertText } from "./messages";
import { alertRows, alertTarget, smtpConfigured } from "./notify";

/** Settings → Alerts: where alerts go, a test alert, and the incidents (docs/alerts.md). */

type AlertSettingsDto = z.infer<typeof alertSettingsSchema>;

export async function getAlertSettings(db: Db, workspaceId: string): Promise<AlertSettingsDto> {
  const [row] = await db
    .select()
    .from(alertSettings)
    .where(eq(alertSettings.workspaceId, workspaceId));
  const workspaceBots = await db
    .select({ id: bots.id, name: bots.name, support: bots.support })
    .from(bots)
    .where(eq(bots.workspaceId, workspaceId))
    .orderBy(asc(bots.createdAt));
  const settings: AlertSettings = row?.settings ?? {};
  return {
    botId: settings.botId ?? null,
    chatId: settings.chatId ?? null,
    email: settings.email ?? null,
    smtpConfigured: smtpConfigured(),
    staffChats: workspaceBots.flatMap((b) => {
      const chat = parseSupportSettings(b.support).staffChatId;
      return chat ? [{ botId: b.id, botName: b.name, chatId: chat }] : [];
    }),
    updatedAt: iso(row?.updatedAt ?? null),
  };
}

export async function updateAlertSettings(
  db: Db,
  workspaceId: string,
  input: z.output<typeof alertSettingsInput>,
  actor: Actor,
): Promise<AlertSettingsDto> {
  await db.transaction(async (tx) => {
    if (input.botId) {
      const [bot] = await tx
        .select({ id: bots.id })
        .from(bots)
        .where(inWorkspace(workspaceId, input.botId));
      // Another workspace's bot reads exactly like one that does not exist.
      if (!bot)
        throw new ApiError("unprocessable_entity", "That bot is not in this workspace", {
          details: [{ path: "botId", message: "That bot is not in this workspace" }],
        });
    }
    const settings: AlertSettings = {
      ...(input.botId && input.chatId ? { botId: input.botId, chatId: input.chatId } : {}),
      ...(input.email ? { email: input.email } : {}),
    };
    await tx
      .insert(alertSettings)
      .values({ workspaceId, settings, updatedAt: new Date() })
      .onConflictDoUpdate({
        target: alertSettings.workspaceId,
        set: { settings, updatedAt: new Date() },
      });
    await recordJournal(tx, {
      workspaceId,
      actor,
      kind: "alert_settings.updated",
      botId: settings.botId ?? null,
      data: { chatId: settings.chatId ?? null, email: settings.email ?? null },
    });
  });
  return getAlertSettings(db, workspaceId);
}

type ChannelResult = {
  status: "sent" | "failed" | "queued" | "not_configured";
  error: string | null;
};

/**
 * Sends a test alert to the saved chat and address now, through the outbox like any alert, and
 * reads back what became of each row: sent, refused (with Telegram's or the SMTP server's
 * words), or still queued for a retry.
 */
export async function sendTestAlert(
  db: Db,
  workspaceId: string,
  actor: Actor,
): Promise<{ telegram: ChannelResult; email: ChannelResult }> {
  const target = await alertTarget(db, workspaceId);
  const rows = alertRows(
    workspaceId,
    target,
    testAlertText(target.locale, target),
    `alert-test:${workspaceId}:${crypto.randomUUID()}`,
  );
  const queued = rows.length
    ? await db.transaction(async (tx) => {
        const inserted = await tx
          .insert(outbox)
          .values(rows)
          .returning({ id: outbox.id, kind: outbox.kind });
        await recordJournal(tx, {
          workspaceId,
          actor,
          kind: "alert.test_sent",
          data: { telegram: !!target.telegram, email: !!target.email },
        });
        return inserted;
      })
    : [];
  for (const row of queued) await sendOutboxRowNow(db, row.id);
  const done = queued.length
    ? await db
        .select({ kind: outbox.kind, status: outbox.status, lastError: outbox.lastError })
        .from(outbox)
        .where(
          inArray(
            outbox.id,
            queued.map((r) => r.id),
          ),
        )
    : [];
  const resultOf = (kind: string): ChannelResult => {
    const row = done.find((r) => r.kind === kind);
    if (!row) return { status: "not_configured", error: null };
    if (row.status === "sent") return { status: "sent", error: null };
    if (row.status === "pending") return { status: "queued", error: row.lastError };
    return { status: "failed", error: row.lastError };
  };
  return { telegram: resultOf("telegram"), email: resultOf("email") };
}

/** Open incidents first (newest first), then the latest resolved ones. */
export async function listIncidents(db: Db, workspaceId: string, limit = 50) {
  return db
    .select()
    .from(incidents)
    .where(eq(incidents.workspaceId, workspaceId))
    .orderBy(
      sql`case when ${incidents.status} = 'open' then 0 else 1 end`,
      desc(sql`coalesce(${incidents.resolvedAt}, ${incidents.openedAt})`),
      desc(incidents.id),
    )
    .limit(limit);
}

export function toIncidentDto(row: typeof incidents.$inferSelect) {
  return {
    id: row.id,
    // The column is text; only the checks write it, with one of the kinds.
    kind: row.kind as IncidentKind,
    subject: row.subject,
    status: row.status,
    detail: row.detail,
    openedAt: iso(row.openedAt),
    lastSeenAt: iso(row.lastSeenAt),
    resolvedAt: iso(row.resolvedAt),
  };
}
