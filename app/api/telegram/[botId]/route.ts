import { NextResponse } from "next/server";
import { getDb } from "@/lib/db";
import { readBodyText } from "@/lib/api/body";
import { ApiError } from "@/lib/api/errors";
import { logger } from "@/lib/log";
import { observeWebhook, rejected } from "@/lib/metrics/webhook";
import { sendOutboxRowNow, wakeSender } from "@/lib/jobs/sender";
import { processTelegramUpdate, telegramUpdateSchema } from "@/lib/runtime/telegram-update";
import { authenticateWebhook } from "@/lib/runtime/webhook";

/** Telegram's updates are small; a body this large is not from Telegram. */
const maxUpdateBytes = 256 * 1024;

const error = (status: number, code: string, message: string) =>
  NextResponse.json({ error: { code, message } }, { status });

/**
 * Telegram's webhook for one bot (DESIGN.md, "Runtime semantics"): authenticated by the bot's
 * secret header before the body is read, one transaction, then 200. Telegram retries anything
 * else, and a redelivered update_id is acknowledged without doing anything twice.
 */
export const POST = observeWebhook("telegram", telegramWebhook);

async function telegramWebhook(req: Request, ctx: { params: Promise<{ botId: string }> }) {
  const { botId } = await ctx.params;
  const db = await getDb();
  const bot = await authenticateWebhook(
    db,
    botId,
    req.headers.get("x-telegram-bot-api-secret-token"),
  );
  if (!bot)
    return rejected(
      "secret_token",
      error(401, "unauthorized", "Unknown bot or wrong secret token"),
    );

  let update;
  try {
    const text = await readBodyText(req, maxUpdateBytes);
    update = telegramUpdateSchema.safeParse(JSON.parse(text));
  } catch (err) {
    if (err instanceof ApiError) return error(413, err.code, err.message);
    return error(400, "bad_request", "The body is not JSON");
  }
  if (!update.success) return error(400, "bad_request", "The body is not a Telegram update");

  const outcome = await processTelegramUpdate(db, bot, update.data);
  // Telegram drops a purchase whose pre-checkout is not answered within 10 seconds: that answer
  // is sent before this request returns, not behind whatever the workers are busy with.
  if (outcome.urgent !== undefined) await sendOutboxRowNow(db, outcome.urgent);
  if (outcome.queued) wakeSender();
  if (outcome.duplicate)
    logger.debug({ botId, updateId: update.data.update_id }, "telegram update redelivered");
  return NextResponse.json({ ok: true });
}
