import type {
  PreviewContact,
  PreviewMessage,
  PreviewNote,
  PreviewResult,
  PreviewSession,
} from "@/lib/runtime/preview-schema";

/**
 * The preview conversation as the browser keeps it: the server keeps nothing between steps, so
 * the session and the stand-in contact it returns are stored here and sent with the next event.
 */

export type ReplyRows = NonNullable<PreviewMessage["replyKeyboard"]>;

export type ChatItem =
  | { key: number; kind: "user"; text: string; action: boolean }
  | { key: number; kind: "bot"; message: PreviewMessage }
  | { key: number; kind: "note"; note: PreviewNote };

export interface Chat {
  items: ChatItem[];
  session: PreviewSession | null;
  contact: PreviewContact | undefined;
  /** The reply keyboard of the last message that set one; one-time, so hidden after use. */
  keyboard: { rows: ReplyRows; hidden: boolean } | null;
  nextKey: number;
}

export type ChatAction =
  | { type: "reset" }
  /** What the person did: a text (`action` false) or a press, share, skip shown as a line. */
  | { type: "user"; text: string; action: boolean }
  | { type: "result"; result: PreviewResult }
  | { type: "keyboard"; hidden: boolean };

export const emptyChat: Chat = {
  items: [],
  session: null,
  contact: undefined,
  keyboard: null,
  nextKey: 0,
};

export function chatReducer(chat: Chat, action: ChatAction): Chat {
  switch (action.type) {
    case "reset":
      return emptyChat;
    case "keyboard":
      return chat.keyboard
        ? { ...chat, keyboard: { ...chat.keyboard, hidden: action.hidden } }
        : chat;
    case "user":
      return {
        ...chat,
        items: [
          ...chat.items,
          { key: chat.nextKey, kind: "user", text: action.text, action: action.action },
        ],
        keyboard: chat.keyboard && { ...chat.keyboard, hidden: true },
        nextKey: chat.nextKey + 1,
      };
    case "result": {
      const { messages, notes } = action.result;
      const items = [...chat.items];
      let key = chat.nextKey;
      let keyboard = chat.keyboard;
      let n = 0;
      // Each note goes after the messages sent before it (`after`).
      for (let m = 0; m <= messages.length; m++) {
        while (n < notes.length && notes[n]!.after <= m)
          items.push({ key: key++, kind: "note", note: notes[n++]! });
        const message = messages[m];
        if (!message) continue;
        items.push({ key: key++, kind: "bot", message });
        if (message.replyKeyboard) keyboard = { rows: message.replyKeyboard, hidden: false };
        else if (message.removeKeyboard) keyboard = null;
      }
      return {
        items,
        session: action.result.session,
        contact: action.result.contact,
        keyboard,
        nextKey: key,
      };
    }
  }
}
