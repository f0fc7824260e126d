/**
 * An agent's quick-reply buttons: inline buttons whose press comes back to the chat as if the
 * buyer had typed the button's text. Their callback data is `q:<text>`, so the text travels
 * with the press and needs no lookup. Isomorphic: the composer checks the length with it too.
 */

import { reservedCallbackPrefixes } from "@/lib/flow/callbackData";

const prefix = reservedCallbackPrefixes.quickReply;

/** Telegram's limit on callback_data, in bytes. */
export const maxCallbackDataBytes = 64;

export function quickReplyData(text: string): string {
  return prefix + text;
}

/** The text a quick-reply press stands for, or undefined for any other callback data. */
export function quickReplyText(data: string | undefined | null): string | undefined {
  return data?.startsWith(prefix) ? data.slice(prefix.length) : undefined;
}

/** Whether a button text fits in callback data once prefixed. */
export function fitsQuickReply(text: string): boolean {
  return new TextEncoder().encode(quickReplyData(text)).length <= maxCallbackDataBytes;
}
