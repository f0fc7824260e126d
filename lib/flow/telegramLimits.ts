import type { NodeCheck } from "./defineNode";
import { callbackData } from "./callbackData";
import { text } from "./localizedText";

/** Bot API limits (https://core.telegram.org/bots/api); Telegram answers 400 past them. */
export const telegramLimits = {
  /** sendMessage.text: 1–4096 characters after entities parsing. */
  messageText: 4096,
  /** Captions of photos, videos, documents…: 0–1024 characters after entities parsing. */
  caption: 1024,
  /** InlineKeyboardButton.callback_data: 1–64 bytes. */
  callbackDataBytes: 64,
  /** Inline keyboards: at most 8 buttons in a row and 100 buttons in all. */
  buttonsPerRow: 8,
  buttons: 100,
} as const;

const utf8 = new TextEncoder();

/**
 * Template text is checked as written: Telegram counts UTF-16 code units (its entity offsets
 * are in them), which is what `String.length` measures. {{variables}} can only make it longer
 * at run time, so the runtime must still split or cut a rendered text.
 */
export function checkMessageText(
  value: string,
  hasMedia: boolean,
  path: (string | number)[],
): NodeCheck[] {
  if (hasMedia && value.length > telegramLimits.caption) {
    return [
      {
        severity: "error",
        code: "caption_too_long",
        path,
        message: text(
          `A caption under media can have at most ${telegramLimits.caption} characters (this one has ${value.length})`,
          `Подпись к медиа — не больше ${telegramLimits.caption} символов (сейчас ${value.length})`,
        ),
      },
    ];
  }
  if (!hasMedia && value.trim() === "") {
    return [
      {
        severity: "error",
        code: "text_empty",
        path,
        message: text(
          "Telegram does not send an empty message",
          "Telegram не отправляет пустое сообщение",
        ),
      },
    ];
  }
  if (value.length > telegramLimits.messageText) {
    return [
      {
        severity: "error",
        code: "text_too_long",
        path,
        message: text(
          `A message can have at most ${telegramLimits.messageText} characters (this one has ${value.length})`,
          `Сообщение — не больше ${telegramLimits.messageText} символов (сейчас ${value.length})`,
        ),
      },
    ];
  }
  return [];
}

export interface KeyboardButton {
  id: string;
  text: string;
  url?: string | undefined;
  sameRow: boolean;
}

/** Splits buttons into keyboard rows: a button with `sameRow` joins the previous button's row. */
export function keyboardRows<B extends KeyboardButton>(buttons: readonly B[]): B[][] {
  const rows: B[][] = [];
  for (const button of buttons) {
    const last = rows.at(-1);
    if (button.sameRow && last) last.push(button);
    else rows.push([button]);
  }
  return rows;
}

/** Telegram's inline keyboard rules for one node's buttons (at `path` within the config). */
export function checkInlineKeyboard(
  nodeId: string,
  buttons: readonly KeyboardButton[],
  path: (string | number)[],
): NodeCheck[] {
  const problems: NodeCheck[] = [];
  if (buttons.length > telegramLimits.buttons) {
    problems.push({
      severity: "error",
      code: "too_many_buttons",
      path,
      message: text(
        `A message can carry at most ${telegramLimits.buttons} buttons (this one has ${buttons.length})`,
        `У сообщения не больше ${telegramLimits.buttons} кнопок (сейчас ${buttons.length})`,
      ),
    });
  }
  let index = 0;
  for (const row of keyboardRows(buttons)) {
    if (row.length > telegramLimits.buttonsPerRow) {
      problems.push({
        severity: "error",
        code: "too_many_buttons_in_row",
        path: [...path, index],
        message: text(
          `A row can hold at most ${telegramLimits.buttonsPerRow} buttons (this one has ${row.length})`,
          `В ряду не больше ${telegramLimits.buttonsPerRow} кнопок (сейчас ${row.length})`,
        ),
      });
    }
    index += row.length;
  }
  buttons.forEach((button, i) => {
    if (button.text.trim() === "") {
      problems.push({
        severity: "error",
        code: "button_text_empty",
        path: [...path, i, "text"],
        message: text("A button needs a caption", "У кнопки должна быть надпись"),
      });
    }
    if (!button.url) {
      const bytes = utf8.encode(callbackData(nodeId, button.id)).length;
      if (bytes > telegramLimits.callbackDataBytes) {
        problems.push({
          severity: "error",
          code: "callback_data_too_long",
          path: [...path, i, "id"],
          message: text(
            `Node and button ids together make ${bytes} bytes of callback data; Telegram allows ${telegramLimits.callbackDataBytes}. Use shorter ids`,
            `Идентификаторы узла и кнопки дают ${bytes} байт callback_data, Telegram допускает ${telegramLimits.callbackDataBytes}. Сократите идентификаторы`,
          ),
        });
      }
    }
  });
  return problems;
}
