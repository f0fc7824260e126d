import { renderTemplate, type TemplateScope } from "@/lib/runtime/template";
import { rewriteTextLinks, type BroadcastMessage } from "./message";

const parseModes = { plain: undefined, markdown: "MarkdownV2", html: "HTML" } as const;

export interface BroadcastCall {
  method: "sendMessage" | "sendPhoto";
  params: Record<string, unknown>;
}

/**
 * One recipient's Bot API call: the text rendered with their values, tracked links and buttons
 * pointing at `link(target)` (the click redirect), the photo's caption, and Telegram's
 * allow_paid_broadcast when the broadcast runs above the free rate. Pure: the preview renders
 * the same call for a chosen contact that the broadcast writes to the outbox.
 */
export function renderBroadcastCall(
  message: BroadcastMessage,
  scope: TemplateScope,
  options: { chatId: string | number; link: (target: number) => string; paid: boolean },
): BroadcastCall {
  const parseMode = parseModes[message.format];
  const text = renderTemplate(
    rewriteTextLinks(message, message.text, options.link),
    scope,
    message.format,
  );
  const common = {
    chat_id: options.chatId,
    ...(parseMode ? { parse_mode: parseMode } : {}),
    ...(message.buttons.length
      ? {
          reply_markup: {
            inline_keyboard: message.buttons.map((b, i) => [
              { text: b.text, url: options.link(i) },
            ]),
          },
        }
      : {}),
    ...(options.paid ? { allow_paid_broadcast: true } : {}),
  };
  if (message.photo)
    return { method: "sendPhoto", params: { ...common, photo: message.photo, caption: text } };
  return {
    method: "sendMessage",
    params: {
      ...common,
      text,
      ...(message.disablePreview ? { link_preview_options: { is_disabled: true } } : {}),
    },
  };
}
