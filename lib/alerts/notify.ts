import "server-only";
import { and, asc, eq } from "drizzle-orm";
import type { Executor } from "@/lib/db";
import { alertSettings, bots, members, outbox, users, workspaces } from "@/lib/db/schema";
import { inWorkspace } from "@/lib/bots/bots";
import type { AlertSettings } from "@/lib/db/schema/analytics";
import { config } from "@/lib/config/env";
import type { AlertLocale, AlertText } from "./messages";

export type OutboxInsert = typeof outbox.$inferInsert;

/** Where a workspace's alerts go, and in which words. */
export interface AlertTarget {
  workspace: string;
  locale: AlertLocale;
  url: string;
  /** The bot and chat, when both are set and the bot is still the workspace's. */
  telegram: { botId: string; chatId: string } | null;
  /** The address, when one is set and SMTP is configured. */
  email: string | null;
  settings: AlertSettings;
}

export function smtpConfigured(): boolean {
  return !!config().SMTP_URL;
}

export async function alertTarget(db: Executor, workspaceId: string): Promise<AlertTarget> {
  const [row] = await db
    .select({ name: workspaces.name, settings: alertSettings.settings })
    .from(workspaces)
    .leftJoin(alertSettings, eq(alertSettings.workspaceId, workspaces.id))
    .where(eq(workspaces.id, workspaceId));
  const settings = row?.settings ?? {};
  // The first owner's language: alerts are for the owner.
  const [owner] = await db
    .select({ locale: users.locale })
    .from(members)
    .innerJoin(users, eq(users.id, members.userId))
    .where(and(eq(members.workspaceId, workspaceId), eq(members.role, "owner")))
    .orderBy(asc(members.createdAt))
    .limit(1);
  const [bot] = settings.botId
    ? await db.select({ id: bots.id }).from(bots).where(inWorkspace(workspaceId, settings.botId))
    : [];
  return {
    workspace: row?.name ?? "",
    locale: owner?.locale === "ru" ? "ru" : "en",
    url: `${config().APP_URL}/settings/alerts`,
    telegram: bot && settings.chatId ? { botId: bot.id, chatId: settings.chatId } : null,
    email: settings.email && smtpConfigured() ? settings.email : null,
    settings,
  };
}

/**
 * The outbox rows that carry one alert: a message to the staff chat through the chosen bot, an
 * email. `key` makes them idempotent ("incident:<id>:opened"): queued twice, sent once.
 */
export function alertRows(
  workspaceId: string,
  target: AlertTarget,
  text: AlertText,
  key: string,
): OutboxInsert[] {
  const rows: OutboxInsert[] = [];
  if (target.telegram)
    rows.push({
      workspaceId,
      botId: target.telegram.botId,
      kind: "telegram",
      chatId: target.telegram.chatId,
      idempotencyKey: `${key}:telegram`,
      payload: {
        method: "sendMessage",
        params: {
          chat_id: target.telegram.chatId,
          text: text.text,
          link_preview_options: { is_disabled: true },
        },
      },
    });
  if (target.email)
    rows.push({
      workspaceId,
      kind: "email",
      idempotencyKey: `${key}:email`,
      payload: { to: target.email, subject: text.subject, text: text.text },
    });
  return rows;
}
