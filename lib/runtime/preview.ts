import { z } from "zod";
import type { FlowDocument } from "@/lib/flow/document";
import type {
  PreviewContact,
  PreviewEvent,
  PreviewMessage,
  PreviewNote,
  PreviewResult,
  PreviewSession,
} from "./preview-schema";
import { handoffNotice, parseSupportSettings, type SupportSettings } from "@/lib/inbox/settings";
import { step } from "./step";
import { isCurrencyCode, minorToDecimal } from "@/lib/money/currency";
import { pickedProductVariable } from "./executors";
import {
  emptySession,
  type ContactView,
  type Effect,
  type OrderView,
  type ProductView,
  type RuntimeEvent,
} from "./types";

/**
 * The editor's preview: one event through the same pure interpreter the bot runs (step.ts),
 * over a draft document and a stand-in contact, with the effects turned into what a chat shows
 * instead of performed. Nothing is sent, stored or fetched: http requests and timers come back
 * as notes the person can answer ("Simulate success", "Skip the wait").
 */

/** The draft runs as this version id; sessions the preview hands out carry it. */
export const previewVersionId = "draft";
/** The stand-in contact's id and chat; messages to any other chat are notify notes. */
export const previewChatId = "preview";

export interface PreviewInput {
  flowId: string;
  document: FlowDocument;
  session: PreviewSession | null;
  event: PreviewEvent;
  contact: PreviewContact;
  botUsername: string;
  now: number;
  random: (key: string) => number;
  /** The workspace's active products, for catalog nodes. */
  products?: ProductView[];
  /** The bot's hand-off settings, for the buyer's hand-off notice. */
  support?: SupportSettings;
}

export function runPreview(input: PreviewInput): PreviewResult {
  const result = step({
    event: toRuntimeEvent(input.event, (event) => previewOrder(input, event)),
    session: input.session ?? emptySession,
    flows: [{ flowId: input.flowId, versionId: previewVersionId, document: input.document }],
    contact: contactView(input.contact),
    bot: { id: "preview", username: input.botUsername },
    now: input.now,
    random: input.random,
    products: input.products,
  });
  const { messages, notes, contact } = describeEffects(
    result.effects,
    input.contact,
    input.now,
    input.support,
  );
  if (result.visited.length === 0 && messages.length === 0 && notes.length === 0)
    notes.push({ kind: "ignored", after: 0 });
  return {
    session: result.session,
    contact,
    messages,
    notes,
    visited: result.visited,
    waitingFor: result.session.waitingFor,
    variables: result.session.variables,
  };
}

/** The contact a preview starts with: the signed-in person's name, nothing else known. */
export function defaultPreviewContact(
  name: string | null | undefined,
  languageCode: string | null = null,
): PreviewContact {
  const [first, ...rest] = (name ?? "").trim().split(/\s+/);
  return {
    firstName: first || "Preview",
    lastName: first && rest.length ? rest.join(" ") : null,
    username: null,
    languageCode,
    phone: null,
    tags: [],
    fields: {},
  };
}

/**
 * The order a simulated payment stands for, so {{order.*}} reads as it will in the bot: the
 * node's fixed product, or the one picked in a catalog earlier in this preview.
 */
function previewOrder(
  input: PreviewInput,
  event: Extract<PreviewEvent, { kind: "payment" }>,
): OrderView | null {
  const node = input.document.nodes.find((n) => n.id === event.nodeId);
  const config = node?.config ?? {};
  const picked = input.session?.variables[pickedProductVariable];
  const productId = config.product === "fixed" ? config.productId : picked;
  const product = input.products?.find((p) => p.id === productId);
  if (!product) return null;
  return {
    id: "preview-order",
    amount: isCurrencyCode(product.currency)
      ? minorToDecimal(product.priceMinor, product.currency)
      : String(product.priceMinor),
    currency: product.currency,
    product_title: product.title,
    status: event.outcome,
    payment_url: "",
  };
}

function toRuntimeEvent(
  event: PreviewEvent,
  orderFor: (event: Extract<PreviewEvent, { kind: "payment" }>) => OrderView | null,
): RuntimeEvent {
  switch (event.kind) {
    case "message":
      return { kind: "message", messageId: 0, text: event.text };
    case "callback":
      return { kind: "callback", callbackQueryId: previewChatId, data: event.data };
    case "contact":
      // Shared with Telegram's "share my phone" button: the person's own number.
      return {
        kind: "message",
        messageId: 0,
        contact: { phone: event.phone, userId: previewChatId },
      };
    case "timer":
    case "http_result":
    case "delivery":
      return event;
    case "release":
      return { kind: "release", flowId: null, nodeId: null };
    case "payment":
      return { ...event, order: orderFor(event) };
  }
}

function contactView(c: PreviewContact): ContactView {
  return { ...c, id: previewChatId, chatId: previewChatId, externalId: null };
}

/** The reply_markup shapes the executors build (executors.ts), read back for the chat. */
const replyMarkupSchema = z.object({
  inline_keyboard: z
    .array(
      z.array(
        z.object({
          text: z.string(),
          callback_data: z.string().optional(),
          url: z.string().optional(),
        }),
      ),
    )
    .optional(),
  keyboard: z
    .array(z.array(z.object({ text: z.string(), request_contact: z.boolean().optional() })))
    .optional(),
  remove_keyboard: z.boolean().optional(),
});

const sendParamsSchema = z.object({
  text: z.string().optional(),
  caption: z.string().optional(),
  parse_mode: z.enum(["HTML", "MarkdownV2"]).optional(),
  reply_markup: replyMarkupSchema.optional(),
});

const mediaMethods = {
  sendPhoto: "photo",
  sendVideo: "video",
  sendDocument: "document",
  sendAudio: "audio",
  sendAnimation: "animation",
} as const;

function isMediaMethod(method: string): method is keyof typeof mediaMethods {
  return Object.hasOwn(mediaMethods, method);
}

/** A Bot API call to this chat as a chat bubble; undefined for a call the chat would not show. */
export function toMessage(
  method: string,
  params: Record<string, unknown>,
): PreviewMessage | undefined {
  if (method !== "sendMessage" && !isMediaMethod(method)) return undefined;
  const parsed = sendParamsSchema.safeParse(params);
  if (!parsed.success) return undefined;
  const p = parsed.data;
  const kind = isMediaMethod(method) ? mediaMethods[method] : undefined;
  const source = kind ? params[kind] : undefined;
  const markup = p.reply_markup;
  return {
    text: (kind ? p.caption : p.text) ?? "",
    parseMode: p.parse_mode ?? null,
    media: kind ? { kind, source: typeof source === "string" ? source : "" } : null,
    inlineKeyboard:
      markup?.inline_keyboard?.map((row) =>
        row.map((b) => ({
          text: b.text,
          ...(b.callback_data !== undefined ? { data: b.callback_data } : {}),
          ...(b.url !== undefined ? { url: b.url } : {}),
        })),
      ) ?? null,
    replyKeyboard:
      markup?.keyboard?.map((row) =>
        row.map((b) => ({ text: b.text, requestContact: b.request_contact === true })),
      ) ?? null,
    removeKeyboard: markup?.remove_keyboard === true,
  };
}

/** The effects as chat bubbles and notes, with contact changes applied to the preview contact. */
export function describeEffects(
  effects: readonly Effect[],
  before: PreviewContact,
  now: number,
  /** The bot's hand-off settings (defaults without). */
  support: SupportSettings = parseSupportSettings({}),
): { messages: PreviewMessage[]; notes: PreviewNote[]; contact: PreviewContact } {
  const messages: PreviewMessage[] = [];
  const notes: PreviewNote[] = [];
  let contact = before;
  for (const effect of effects) {
    const after = messages.length;
    switch (effect.kind) {
      case "telegram": {
        const { method, params } = effect.call;
        // The interpreter answers every button press; a chat shows nothing for it.
        if (method === "answerCallbackQuery") break;
        if (effect.chatId !== previewChatId) {
          const text = typeof params.text === "string" ? params.text : "";
          notes.push({ kind: "notify", after, chatId: effect.chatId, text });
          break;
        }
        const message = toMessage(method, params);
        if (message) messages.push(message);
        else
          notes.push({
            kind: "warning",
            after,
            code: "unknown_call",
            nodeId: null,
            nodeType: method,
          });
        break;
      }
      case "timer":
        notes.push({
          kind: "timer",
          after,
          nodeId: effect.nodeId,
          since: effect.since,
          delayMs: Math.max(0, effect.due - now),
        });
        break;
      case "http":
        notes.push({
          kind: "http",
          after,
          nodeId: effect.nodeId,
          since: effect.since,
          method: effect.request.method,
          url: effect.request.url,
        });
        break;
      case "payment":
        notes.push({
          kind: "payment",
          after,
          nodeId: effect.nodeId,
          since: effect.since,
          provider: effect.provider,
          productId: effect.productId,
        });
        break;
      case "deliver":
        notes.push({
          kind: "deliver",
          after,
          nodeId: effect.nodeId,
          since: effect.since,
          productId: effect.productId,
        });
        break;
      case "handoff":
        // The buyer's notice exactly as the bot would send it now.
        messages.push({
          text: handoffNotice(support, effect.text ?? "", contact.languageCode, new Date(now)),
          parseMode: null,
          media: null,
          inlineKeyboard: null,
          replyKeyboard: null,
          removeKeyboard: false,
        });
        notes.push({ kind: "handoff", after: messages.length, note: effect.note });
        break;
      case "order_expire":
        break;
      case "contact": {
        const addTags = effect.addTags ?? [];
        const removeTags = effect.removeTags ?? [];
        const fields = effect.fields ?? {};
        const tags = new Set(contact.tags);
        for (const t of addTags) tags.add(t);
        for (const t of removeTags) tags.delete(t);
        contact = {
          ...contact,
          tags: [...tags],
          fields: { ...contact.fields, ...fields },
          phone: effect.phone ?? contact.phone,
        };
        notes.push({
          kind: "contact",
          after,
          addTags,
          removeTags,
          fields,
          phone: effect.phone ?? null,
        });
        break;
      }
      case "journal": {
        const { nodeId, type } = effect.data;
        notes.push({
          kind: "warning",
          after,
          code: effect.type.replace(/^runtime\./, ""),
          nodeId: typeof nodeId === "string" ? nodeId : null,
          nodeType: typeof type === "string" ? type : null,
        });
        break;
      }
    }
  }
  return { messages, notes, contact };
}
