import "server-only";
import { eq } from "drizzle-orm";
import { GrammyError, HttpError } from "grammy";
import { fileAssets } from "@/lib/db/schema";
import { rememberTelegramFileId } from "@/lib/files/files";
import { sendFileInChat } from "@/lib/files/telegram";
import { config } from "@/lib/config/env";
import { bucketsFor, configuredSendLimits, tokenWait } from "@/lib/jobs/limits";
import { DeferDelivery, RetryDelivery, type DeliveryMethodHandler } from "../method";
import { htmlMessage } from "../messages";
import { timedLink } from "./basic";

const captionLimit = 1024;

/**
 * The file sent in the chat (sendDocument): by the file_id Telegram gave the bot last time, or
 * uploaded from storage. Above Telegram's 50 MB upload limit the buyer gets a time-limited
 * download link instead. The upload is a message like any other, so it waits its turn in the
 * chat's and the bot's send limits (lib/jobs/limits.ts).
 */
export const chatFile: DeliveryMethodHandler = {
  async issue(ctx) {
    // Without a file the link method answers what is missing (no_file).
    if (!ctx.settings.fileId) return timedLink.issue(ctx);
    return { status: "external" };
  },

  async external({ db, api, contact, settings, order, intro }) {
    const [asset] = await db.select().from(fileAssets).where(eq(fileAssets.id, settings.fileId!));
    if (!asset || asset.workspaceId !== order.workspaceId) return { missing: true };
    if (!order.botId) return { missing: true };
    // No token now: back in the queue until there is one, rather than a worker asleep.
    const buckets = bucketsFor(order.botId, contact.channelUserId, configuredSendLimits(config()));
    const wait = await tokenWait(db, buckets);
    if (wait > 0) throw new DeferDelivery(wait, `send limit: a token in ${wait.toFixed(2)} s`);
    try {
      const sent = await sendFileInChat(api, {
        botId: order.botId,
        chatId: contact.channelUserId,
        asset,
        // Telegram's caption limit; a longer text follows the file as a message (finalize).
        caption: intro.length <= captionLimit ? intro : undefined,
        parseMode: "HTML",
      });
      if (sent.kind === "too_large") return { tooLarge: true, size: sent.size };
      if (sent.remember)
        await rememberTelegramFileId(db, {
          workspaceId: order.workspaceId,
          id: asset.id,
          botId: order.botId,
          telegramFileId: sent.telegramFileId,
        });
      return { messageId: sent.message.message_id, fileName: asset.name };
    } catch (err) {
      if (err instanceof HttpError) throw new RetryDelivery("network error");
      // Telegram's own limit: exactly as long as it asks, and not a failed attempt.
      if (err instanceof GrammyError && err.error_code === 429) {
        const seconds = err.parameters.retry_after ?? 1;
        throw new DeferDelivery(seconds, `429 retry after ${seconds}s`);
      }
      if (err instanceof GrammyError && err.error_code >= 500)
        throw new RetryDelivery(`${err.error_code} ${err.description}`);
      throw err;
    }
  },

  async finalize(ctx, external) {
    if (external.missing)
      return timedLink.issue({ ...ctx, settings: { ...ctx.settings, fileId: null } });
    // Too large for Telegram: a download link does the job.
    if (external.tooLarge) {
      const link = await timedLink.issue(ctx);
      return link.status === "issued"
        ? { ...link, data: { ...link.data, fallback: "link", size: external.size } }
        : link;
    }
    return {
      status: "issued",
      messages:
        ctx.intro.length > captionLimit
          ? [htmlMessage(ctx.contact.channelUserId, [ctx.intro])]
          : [],
      set: { fileId: ctx.settings.fileId },
      data: { messageId: external.messageId, file: external.fileName },
    };
  },
};
