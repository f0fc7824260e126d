import "server-only";
import { GrammyError, InputFile, type Api } from "grammy";
import type { Message, ParseMode } from "grammy/types";
import { storageFor, type StoredFileRef } from "./storage";

/** The Bot API refuses uploads over 50 MB (sendDocument, multipart). */
export const TELEGRAM_UPLOAD_LIMIT = 50 * 1024 * 1024;

export interface ChatFile extends StoredFileRef {
  name: string;
  /** bot id → the file_id Telegram gave that bot (`file_asset.telegram_file_ids`). */
  telegramFileIds: Record<string, string>;
}

export type SendFileResult =
  | {
      kind: "sent";
      message: Message.DocumentMessage;
      /** The file_id as Telegram now knows it for this bot. */
      telegramFileId: string;
      /** True when `telegramFileId` is new or changed: store it (rememberTelegramFileId). */
      remember: boolean;
    }
  /** Over Telegram's upload limit and never sent before: send a download link instead. */
  | { kind: "too_large"; size: number; limit: number };

/**
 * Sends a stored file as a document: by the file_id this bot got earlier when there is one (no
 * upload), otherwise by uploading it from storage. A file_id Telegram no longer accepts (the
 * bot's token now names another bot) is dropped and the file uploaded again.
 *
 * Errors from Telegram (a blocked bot, 429) are thrown as grammY's errors for the caller's
 * retry policy; the upload is re-opened from storage on every attempt, so a retry works.
 * Uploads take time: give `api` a timeout that fits 50 MB, not the client's 30 s default.
 */
export async function sendFileInChat(
  api: Api,
  input: {
    botId: string;
    chatId: number | string;
    asset: ChatFile;
    caption?: string;
    parseMode?: ParseMode;
  },
): Promise<SendFileResult> {
  const { asset } = input;
  const other = {
    ...(input.caption ? { caption: input.caption } : {}),
    ...(input.caption && input.parseMode ? { parse_mode: input.parseMode } : {}),
  };
  const known = asset.telegramFileIds[input.botId];
  if (known) {
    try {
      const message = await api.sendDocument(input.chatId, known, other);
      return sent(message, known);
    } catch (err) {
      if (!isUnknownFileId(err)) throw err;
    }
  }
  if (asset.size > TELEGRAM_UPLOAD_LIMIT) {
    return { kind: "too_large", size: asset.size, limit: TELEGRAM_UPLOAD_LIMIT };
  }
  const storage = await storageFor(asset.storage);
  const upload = new InputFile(async () => (await storage.open(asset)).stream, asset.name);
  const message = await api.sendDocument(input.chatId, upload, other);
  return sent(message, undefined);
}

function sent(message: Message.DocumentMessage, previous: string | undefined): SendFileResult {
  const telegramFileId = message.document.file_id;
  return { kind: "sent", message, telegramFileId, remember: telegramFileId !== previous };
}

/** Telegram's wording for a file_id it does not know (another bot's, or mangled). */
function isUnknownFileId(err: unknown): boolean {
  return (
    err instanceof GrammyError &&
    err.error_code === 400 &&
    /wrong (remote )?file identifier|FILE_ID_INVALID|FILE_REFERENCE_/i.test(err.description)
  );
}
