import type { z } from "zod";
import { callbackData } from "@/lib/flow/callbackData";
import type { FlowNode } from "@/lib/flow/document";
import type { askNode } from "@/lib/flow/nodes/ask";
import type { buttonsNode } from "@/lib/flow/nodes/buttons";
import type { catalogNode } from "@/lib/flow/nodes/catalog";
import type { deliverNode } from "@/lib/flow/nodes/deliver";
import { questionButtons, type faqNode } from "@/lib/flow/nodes/faq";
import type { conditionNode } from "@/lib/flow/nodes/condition";
import type { contactRequestNode } from "@/lib/flow/nodes/contact.request";
import type { fieldNode } from "@/lib/flow/nodes/field";
import type { gotoNode } from "@/lib/flow/nodes/goto";
import type { handoffNode } from "@/lib/flow/nodes/handoff";
import type { httpNode } from "@/lib/flow/nodes/http";
import type { messageNode } from "@/lib/flow/nodes/message";
import type { notifyNode } from "@/lib/flow/nodes/notify";
import type { paymentNode } from "@/lib/flow/nodes/payment";
import type { setNode } from "@/lib/flow/nodes/set";
import type { splitNode } from "@/lib/flow/nodes/split";
import type { tagNode } from "@/lib/flow/nodes/tag";
import type { waitNode } from "@/lib/flow/nodes/wait";
import { formatMoney, isCurrencyCode } from "@/lib/money/currency";
import { matchFaq } from "./faq-match";
import { renderTemplate, type TemplateScope } from "./template";
import type { Effect, RuntimeEvent, StepInput, TelegramCall, Waiting } from "./types";

/**
 * What each node type does when the path reaches it, and what a waiting node does with the
 * event that wakes it. Executors are pure: they read the context and return effects; the
 * interpreter (step.ts) follows the outcome and commit.ts performs the effects.
 */

export type Config<D> = D extends { config: infer S extends z.ZodType } ? z.output<S> : never;

export interface ExecContext {
  node: FlowNode;
  input: StepInput;
  variables: Record<string, unknown>;
  /** The session step this event will commit as: waits begin at it. */
  step: number;
  scope: () => TemplateScope;
}

/** Follow `next` (an outcome id), or wait, or end here (neither). */
export interface ExecResult {
  next?: string;
  wait?: Waiting;
  /** goto: continue in another flow. */
  jump?: { flowId: string };
  /**
   * The node needs input the caller did not load (StepInput.products, loaded only when a run
   * reaches a catalog): the step stops, and the caller runs it again with that input.
   */
  needs?: "products";
  effects?: Effect[];
}

export interface Executor<C = Record<string, unknown>> {
  /** Runs the node when the path reaches it. */
  run(config: C, ctx: ExecContext): ExecResult;
  /** Feeds the event the node waits for; undefined: the event is not for this node. */
  resume?(
    config: C,
    ctx: ExecContext,
    waiting: Waiting,
    event: RuntimeEvent,
  ): ExecResult | undefined;
}

const parseModes = { plain: undefined, markdown: "MarkdownV2", html: "HTML" } as const;
type Format = keyof typeof parseModes;

function telegram(ctx: ExecContext, call: TelegramCall, chatId = ctx.input.contact.chatId): Effect {
  return { kind: "telegram", call, chatId };
}

/** sendMessage (or a media call with the text as caption) with the text rendered for its format. */
function messageCall(
  ctx: ExecContext,
  config: {
    text: string;
    format: Format;
    media?: { kind: string; source: string } | undefined;
    disablePreview?: boolean;
  },
  replyMarkup?: unknown,
): TelegramCall {
  const text = renderTemplate(config.text, ctx.scope(), config.format);
  const parseMode = parseModes[config.format];
  const chat_id = ctx.input.contact.chatId;
  const common = {
    chat_id,
    ...(parseMode ? { parse_mode: parseMode } : {}),
    ...(replyMarkup ? { reply_markup: replyMarkup } : {}),
  };
  if (config.media) {
    const kind = config.media.kind;
    const method = `send${kind[0]!.toUpperCase()}${kind.slice(1)}`;
    return { method, params: { ...common, [kind]: config.media.source, caption: text } };
  }
  return {
    method: "sendMessage",
    params: {
      ...common,
      text,
      ...(config.disablePreview ? { link_preview_options: { is_disabled: true } } : {}),
    },
  };
}

const message: Executor<Config<typeof messageNode>> = {
  run: (config, ctx) => ({
    next: "next",
    effects: [telegram(ctx, messageCall(ctx, config))],
  }),
};

const buttons: Executor<Config<typeof buttonsNode>> = {
  run(config, ctx) {
    const rows: Record<string, string>[][] = [];
    for (const b of config.buttons) {
      const button: Record<string, string> = b.url
        ? { text: b.text || b.id, url: b.url }
        : { text: b.text || b.id, callback_data: callbackData(ctx.node.id, b.id) };
      if (b.sameRow && rows.length) rows[rows.length - 1]!.push(button);
      else rows.push([button]);
    }
    const markup = { inline_keyboard: rows };
    return {
      wait: { kind: "buttons", nodeId: ctx.node.id, since: ctx.step },
      effects: [telegram(ctx, messageCall(ctx, config, markup))],
    };
  },
  resume(config, ctx, _waiting, event) {
    if (event.kind !== "callback") return undefined;
    const prefix = `${ctx.node.id}:`;
    if (!event.data.startsWith(prefix)) return undefined;
    const buttonId = event.data.slice(prefix.length);
    if (!config.buttons.some((b) => b.id === buttonId && !b.url)) return undefined;
    return { next: buttonId };
  },
};

const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** The answer as the variable keeps it, or undefined when it is not that type. */
export function parseAnswer(
  type: Config<typeof askNode>["answer"],
  text: string,
  choices: string[],
): unknown {
  const t = text.trim();
  if (!t) return undefined;
  switch (type) {
    case "text":
      return t;
    case "number": {
      const n = Number(t.replace(/\s/g, "").replace(",", "."));
      return Number.isFinite(n) ? n : undefined;
    }
    case "email":
      return emailPattern.test(t) ? t.toLowerCase() : undefined;
    case "phone": {
      const digits = t.replace(/[\s()-]/g, "");
      return /^\+?\d{7,15}$/.test(digits) ? digits : undefined;
    }
    case "date": {
      // 31.12.2026, 31/12/2026 or 2026-12-31: kept as ISO 2026-12-31.
      const dmy = /^(\d{1,2})[./](\d{1,2})[./](\d{4})$/.exec(t);
      const ymd = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(t);
      const [y, m, d] = dmy
        ? [dmy[3], dmy[2], dmy[1]]
        : ymd
          ? [ymd[1], ymd[2], ymd[3]]
          : [undefined, undefined, undefined];
      if (!y) return undefined;
      const date = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
      if (date.getUTCDate() !== Number(d) || date.getUTCMonth() !== Number(m) - 1) return undefined;
      return date.toISOString().slice(0, 10);
    }
    case "choice":
      return choices.find((c) => c.toLowerCase() === t.toLowerCase());
  }
}

const ask: Executor<Config<typeof askNode>> = {
  run(config, ctx) {
    const markup =
      config.answer === "choice" && config.choices.length
        ? {
            keyboard: config.choices.map((c) => [{ text: c }]),
            one_time_keyboard: true,
            resize_keyboard: true,
          }
        : undefined;
    const effects: Effect[] = [telegram(ctx, messageCall(ctx, config, markup))];
    if (config.timeoutMinutes > 0)
      effects.push({
        kind: "timer",
        due: ctx.input.now + config.timeoutMinutes * 60_000,
        nodeId: ctx.node.id,
        since: ctx.step,
      });
    return { wait: { kind: "answer", nodeId: ctx.node.id, since: ctx.step, attempts: 0 }, effects };
  },
  resume(config, ctx, waiting, event) {
    if (event.kind === "timer") return { next: "timeout" };
    if (event.kind !== "message" || waiting.kind !== "answer") return undefined;
    const value = parseAnswer(config.answer, event.text ?? "", config.choices);
    if (value !== undefined) {
      ctx.variables[config.variable] = value;
      return { next: "next" };
    }
    const attempts = waiting.attempts + 1;
    if (attempts > config.retries) return { next: "invalid" };
    const retry = config.retryText.trim()
      ? messageCall(ctx, { text: config.retryText, format: config.format })
      : messageCall(ctx, config);
    return { wait: { ...waiting, attempts }, effects: [telegram(ctx, retry)] };
  },
};

const contactRequest: Executor<Config<typeof contactRequestNode>> = {
  run(config, ctx) {
    const markup = {
      keyboard: [[{ text: config.buttonText || "📱", request_contact: true }]],
      one_time_keyboard: true,
      resize_keyboard: true,
    };
    return {
      wait: { kind: "contact", nodeId: ctx.node.id, since: ctx.step },
      effects: [telegram(ctx, messageCall(ctx, { ...config, format: "plain" }, markup))],
    };
  },
  resume(_config, ctx, _waiting, event) {
    if (event.kind !== "message") return undefined;
    const removeKeyboard = telegram(ctx, {
      method: "sendMessage",
      params: {
        chat_id: ctx.input.contact.chatId,
        text: "✓",
        reply_markup: { remove_keyboard: true },
      },
    });
    // Only the sender's own number: a forwarded card of someone else is not theirs to give.
    if (!event.contact || event.contact.userId !== ctx.input.contact.chatId)
      return { next: "invalid", effects: [removeKeyboard] };
    const phone = event.contact.phone.replace(/[\s()-]/g, "");
    const normalized = phone.startsWith("+") ? phone : `+${phone}`;
    return { next: "shared", effects: [removeKeyboard, { kind: "contact", phone: normalized }] };
  },
};

function compare(
  operator: Config<typeof conditionNode>["rules"][number]["operator"],
  left: string,
  right: string,
  tags: string[],
): boolean {
  const numeric = left.trim() !== "" && right.trim() !== "" && !isNaN(+left) && !isNaN(+right);
  switch (operator) {
    case "eq":
      return numeric ? +left === +right : left.trim().toLowerCase() === right.trim().toLowerCase();
    case "neq":
      return !compare("eq", left, right, tags);
    case "contains":
      return left.toLowerCase().includes(right.toLowerCase());
    case "gt":
      return numeric && +left > +right;
    case "gte":
      return numeric && +left >= +right;
    case "lt":
      return numeric && +left < +right;
    case "lte":
      return numeric && +left <= +right;
    case "empty":
      return left.trim() === "";
    case "not_empty":
      return left.trim() !== "";
    case "has_tag":
      return tags.includes((right || left).trim());
  }
}

const condition: Executor<Config<typeof conditionNode>> = {
  run(config, ctx) {
    const scope = ctx.scope();
    const results = config.rules.map((rule) =>
      compare(
        rule.operator,
        renderTemplate(rule.left, scope, "plain"),
        renderTemplate(rule.right, scope, "plain"),
        ctx.input.contact.tags,
      ),
    );
    // No rules is "always yes" (the node's help and summary), for "any" as much as for "all".
    const pass =
      results.length === 0 ||
      (config.match === "all" ? results.every(Boolean) : results.some(Boolean));
    return { next: pass ? "true" : "false" };
  },
};

const set: Executor<Config<typeof setNode>> = {
  run(config, ctx) {
    for (const a of config.assignments) {
      // Each assignment sees the ones before it.
      ctx.variables[a.variable] = renderTemplate(a.value, ctx.scope(), "plain");
    }
    return { next: "next" };
  },
};

const unitMs = { minutes: 60_000, hours: 3_600_000, days: 86_400_000 } as const;

const wait: Executor<Config<typeof waitNode>> = {
  run(config, ctx) {
    const due = ctx.input.now + config.amount * unitMs[config.unit];
    return {
      wait: { kind: "timer", nodeId: ctx.node.id, since: ctx.step, due },
      effects: [{ kind: "timer", due, nodeId: ctx.node.id, since: ctx.step }],
    };
  },
  resume: (_config, _ctx, _waiting, event) =>
    event.kind === "timer" ? { next: "next" } : undefined,
};

const split: Executor<Config<typeof splitNode>> = {
  run(config, ctx) {
    const total = config.branches.reduce((sum, b) => sum + b.weight, 0);
    let draw = ctx.input.random(ctx.node.id) * total;
    for (const b of config.branches) {
      draw -= b.weight;
      if (draw < 0) return { next: b.id };
    }
    return { next: config.branches.at(-1)!.id };
  },
};

const goto: Executor<Config<typeof gotoNode>> = {
  run: (config) => ({ jump: { flowId: config.flowId } }),
};

const tag: Executor<Config<typeof tagNode>> = {
  run: (config) => ({
    next: "next",
    effects: [
      config.action === "add"
        ? { kind: "contact", addTags: config.tags }
        : { kind: "contact", removeTags: config.tags },
    ],
  }),
};

const field: Executor<Config<typeof fieldNode>> = {
  run: (config, ctx) => ({
    next: "next",
    effects: [
      {
        kind: "contact",
        fields: { [config.field]: renderTemplate(config.value, ctx.scope(), "plain") },
      },
    ],
  }),
};

const notify: Executor<Config<typeof notifyNode>> = {
  run(config, ctx) {
    const text = renderTemplate(config.text, ctx.scope(), "plain");
    return {
      next: "next",
      effects: [
        telegram(
          ctx,
          { method: "sendMessage", params: { chat_id: config.chatId, text } },
          config.chatId,
        ),
      ],
    };
  },
};

const http: Executor<Config<typeof httpNode>> = {
  run(config, ctx) {
    const scope = ctx.scope();
    const headers: Record<string, string> = {};
    for (const h of config.headers) headers[h.name] = renderTemplate(h.value, scope, "plain");
    // A JSON body gets its values escaped for JSON string literals ("{{name}}" stays one string).
    const json = /^\s*[[{]/.test(config.body ?? "");
    const body = config.body
      ? renderTemplate(config.body, scope, json ? "json" : "plain")
      : undefined;
    return {
      wait: { kind: "http", nodeId: ctx.node.id, since: ctx.step },
      effects: [
        {
          kind: "http",
          nodeId: ctx.node.id,
          since: ctx.step,
          request: {
            method: config.method,
            url: renderTemplate(config.url, scope, "plain"),
            headers,
            body,
            timeoutSeconds: config.timeoutSeconds,
          },
        },
      ],
    };
  },
  resume(config, ctx, _waiting, event) {
    if (event.kind !== "http_result") return undefined;
    if (config.saveTo && event.ok) ctx.variables[config.saveTo] = event.body;
    return { next: event.ok ? "ok" : "error" };
  },
};

/** The session variable a catalog pick leaves for "the picked product". */
export const pickedProductVariable = "$product";

/** Telegram shows up to 100 inline buttons; a catalog stays well below to stay readable. */
const catalogMax = 50;

/**
 * Shows products as buttons, one per row with its price, and waits for a pick. The buttons
 * carry the product's position in the list as shown (callback data stays short whatever the
 * node id), and the wait remembers the ids shown, so a pick means the product the buyer saw.
 */
const catalog: Executor<Config<typeof catalogNode>> = {
  run(config, ctx) {
    if (!ctx.input.products) return { needs: "products" };
    const chosen = new Set(config.productIds);
    const shown = (ctx.input.products ?? [])
      .filter((p) => chosen.size === 0 || chosen.has(p.id))
      .slice(0, catalogMax);
    if (!shown.length) return { next: "empty" };
    const locale = ctx.input.contact.languageCode?.startsWith("ru") ? "ru" : "en";
    const rows = shown.map((p, i) => [
      {
        text: `${p.title} · ${priceOf(p, locale)}`,
        callback_data: callbackData(ctx.node.id, String(i)),
      },
    ]);
    return {
      wait: {
        kind: "catalog",
        nodeId: ctx.node.id,
        since: ctx.step,
        productIds: shown.map((p) => p.id),
      },
      effects: [
        telegram(ctx, messageCall(ctx, { ...config, format: "plain" }, { inline_keyboard: rows })),
      ],
    };
  },
  resume(_config, ctx, waiting, event) {
    if (event.kind !== "callback" || waiting.kind !== "catalog") return undefined;
    const prefix = `${ctx.node.id}:`;
    if (!event.data.startsWith(prefix)) return undefined;
    const productId = waiting.productIds[Number(event.data.slice(prefix.length))];
    if (!productId) return undefined;
    ctx.variables[pickedProductVariable] = productId;
    return { next: "selected" };
  },
};

function priceOf(p: { priceMinor: number; currency: string }, locale: string): string {
  return isCurrencyCode(p.currency)
    ? formatMoney(p.priceMinor, p.currency, locale)
    : `${p.priceMinor} ${p.currency}`;
}
/** The order a payment node's wait creates: one per contact, node and session step. */
export function paymentOrderKey(contactId: string, nodeId: string, since: number): string {
  return `pay:${contactId}:${nodeId}:${since}`;
}

/** The session variable holding the order of the last payment node ({{order.*}}). */
export const orderVariable = "$order";

/**
 * Offers the payment and waits for the verified outcome. The order is created and the invoice
 * or checkout link sent by a worker (the provider may be slow; lib/payments/checkout.ts), which
 * also reports a payment that cannot be offered as `failed`. The timeout is a timer: when it
 * comes first the order expires and the flow takes `timeout`.
 */
const payment: Executor<Config<typeof paymentNode>> = {
  run(config, ctx) {
    const picked = ctx.variables[pickedProductVariable];
    const productId =
      config.product === "fixed" ? config.productId : typeof picked === "string" ? picked : null;
    const due = ctx.input.now + config.timeoutMinutes * 60_000;
    const orderKey = paymentOrderKey(ctx.input.contact.id, ctx.node.id, ctx.step);
    const scope = ctx.scope();
    return {
      wait: { kind: "payment", nodeId: ctx.node.id, since: ctx.step, due },
      effects: [
        {
          kind: "payment",
          nodeId: ctx.node.id,
          since: ctx.step,
          orderKey,
          productId: productId || null,
          provider: config.provider,
          expiresAt: due,
          text: renderTemplate(config.text, scope, "plain"),
          buttonText: renderTemplate(config.buttonText, scope, "plain"),
        },
        { kind: "timer", due, nodeId: ctx.node.id, since: ctx.step },
      ],
    };
  },
  resume(_config, ctx, waiting, event) {
    if (event.kind === "timer") {
      const orderKey = paymentOrderKey(ctx.input.contact.id, ctx.node.id, waiting.since);
      return { next: "timeout", effects: [{ kind: "order_expire", orderKey }] };
    }
    // step.ts already dropped outcomes for another wait (nodeId and since).
    if (event.kind !== "payment") return undefined;
    if (event.order) ctx.variables[orderVariable] = event.order;
    return { next: event.outcome };
  },
};

/**
 * Issues the goods of a paid order and waits for the outcome. The issuing is done by a worker
 * (lib/delivery/issue.ts: a file upload or an LMS call may be slow), once per order however
 * often it is asked; the message with the goods goes out in the chat's order.
 */
const deliver: Executor<Config<typeof deliverNode>> = {
  run(config, ctx) {
    const order = ctx.variables[orderVariable] as { id?: unknown } | undefined;
    const picked = ctx.variables[pickedProductVariable];
    const productId =
      config.product === "fixed" ? config.productId : typeof picked === "string" ? picked : null;
    return {
      wait: { kind: "deliver", nodeId: ctx.node.id, since: ctx.step },
      effects: [
        {
          kind: "deliver",
          nodeId: ctx.node.id,
          since: ctx.step,
          // The flow's own order, unless the node names another product than it bought.
          orderId: config.product !== "fixed" && typeof order?.id === "string" ? order.id : null,
          productId: productId || null,
          text: renderTemplate(config.text, ctx.scope(), "plain"),
        },
      ],
    };
  },
  resume(_config, _ctx, _waiting, event) {
    // step.ts already dropped outcomes for another wait (nodeId and since).
    if (event.kind !== "delivery") return undefined;
    return { next: event.outcome };
  },
};

const handoff: Executor<Config<typeof handoffNode>> = {
  run: (config, ctx) => ({
    wait: { kind: "handoff", nodeId: ctx.node.id, since: ctx.step },
    effects: [
      {
        kind: "handoff",
        text: config.text ? renderTemplate(config.text, ctx.scope(), "plain") : "",
        note: config.note ? renderTemplate(config.note, ctx.scope(), "plain") : "",
      },
    ],
  }),
  // An agent released the conversation without choosing where the bot goes on.
  resume: (_config, _ctx, waiting, event) =>
    waiting.kind === "handoff" && event.kind === "release" && !event.nodeId
      ? { next: "released" }
      : undefined,
};

/**
 * Invites a question (with a button per question when the node shows them) and waits. A tap
 * on a question, or a message whose words match an entry's keywords (faq-match.ts), sends
 * that answer and takes `answered`; the answer carries no buttons, since by then the flow has
 * moved on. A message nothing matches is journaled as `faq.unanswered` (owners read them in
 * the inbox) and takes `fallback`; so does a message with no text (a photo, a sticker).
 */
const faq: Executor<Config<typeof faqNode>> = {
  run(config, ctx) {
    const wait: Waiting = { kind: "faq", nodeId: ctx.node.id, since: ctx.step };
    // No invitation: the message before already asked (and documents from before the prompt).
    if (!config.prompt.trim()) return { wait };
    const rows = questionButtons(config).map((b) => [
      { text: b.question, callback_data: callbackData(ctx.node.id, String(b.index)) },
    ]);
    const markup = rows.length ? { inline_keyboard: rows } : undefined;
    const prompt = { text: config.prompt, format: config.format };
    return { wait, effects: [telegram(ctx, messageCall(ctx, prompt, markup))] };
  },
  resume(config, ctx, _waiting, event) {
    const answer = (index: number): ExecResult => {
      const entry = config.entries[index]!;
      if (!entry.answer.trim()) return { next: "answered" };
      const call = messageCall(ctx, { text: entry.answer, format: config.format });
      return { next: "answered", effects: [telegram(ctx, call)] };
    };
    if (event.kind === "callback") {
      const prefix = `${ctx.node.id}:`;
      if (!event.data.startsWith(prefix)) return undefined;
      const tapped = event.data.slice(prefix.length);
      const button = questionButtons(config).find((b) => String(b.index) === tapped);
      return button ? answer(button.index) : undefined;
    }
    if (event.kind !== "message") return undefined;
    const text = event.text?.trim() ?? "";
    if (!text) return { next: "fallback" };
    const match = matchFaq(text, config.entries);
    if (match) return answer(match.index);
    return {
      next: "fallback",
      effects: [{ kind: "journal", type: "faq.unanswered", data: { nodeId: ctx.node.id, text } }],
    };
  },
};

const trigger: Executor = { run: () => ({ next: "next" }) };

/** Node types the runtime can run today; others stop the path and journal why. */
export const executors: Record<string, Executor<never>> = {
  "trigger.start": trigger,
  "trigger.command": trigger,
  "trigger.keyword": trigger,
  "trigger.event": trigger,
  message,
  buttons,
  ask,
  "contact.request": contactRequest,
  condition,
  set,
  wait,
  split,
  goto,
  tag,
  field,
  notify,
  http,
  catalog,
  payment,
  deliver,
  handoff,
  faq,
};
