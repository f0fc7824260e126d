import type { FlowDocument } from "@/lib/flow/document";

/**
 * The interpreter's vocabulary (DESIGN.md, "Runtime semantics"): what comes in (events), what a
 * session remembers between events, and what the interpreter decides to do (effects). The step
 * function (step.ts) is pure over these; commit.ts writes its result in one transaction.
 */

/** Something that happened to one contact of one bot. */
export type RuntimeEvent =
  | {
      kind: "message";
      messageId: number;
      text?: string;
      /** A shared contact (Telegram `message.contact`); `userId` is whose contact it is. */
      contact?: { phone: string; userId?: string };
    }
  | { kind: "callback"; callbackQueryId: string; data: string; messageId?: number }
  /** A timer the session set (wait, ask timeout) came due. */
  | { kind: "timer"; nodeId: string; since: number }
  /** The answer to an http node's request, done by a worker. */
  | {
      kind: "http_result";
      nodeId: string;
      since: number;
      ok: boolean;
      status?: number;
      body?: unknown;
      error?: string;
    }
  /** An event pushed by the shop's systems (POST /api/v1/events), e.g. "payout.credited". */
  | { kind: "external"; name: string; data: Record<string, unknown> }
  /**
   * The order a payment node created was settled: paid, failed or canceled by a verified
   * provider event (lib/payments/settle.ts), or failed before it could be offered.
   */
  | {
      kind: "payment";
      nodeId: string;
      since: number;
      outcome: "paid" | "failed" | "canceled";
      order: OrderView | null;
      reason?: string;
    }
  /**
   * An agent handed the conversation back (lib/inbox/actions.ts): continue at `nodeId` (of flow
   * `flowId`, else of the session's flow) when given, else where the session waits.
   */
  | { kind: "release"; flowId: string | null; nodeId: string | null }
  /** A deliver node's goods were issued, or could not be (lib/delivery/issue.ts). */
  | {
      kind: "delivery";
      nodeId: string;
      since: number;
      outcome: "delivered" | "failed";
      reason?: string;
    };

/** The order as templates see it ({{order.*}}); amounts as the buyer reads them. */
export interface OrderView {
  id: string;
  /** A decimal string in the currency's units: "499.00", "150" (Stars). */
  amount: string;
  currency: string;
  product_title: string;
  status: string;
  payment_url: string;
}

/** What the session's current node waits for; `since` is the session step it began at. */
export type Waiting =
  | { kind: "buttons"; nodeId: string; since: number }
  /** A catalog's products as shown: a pick is one of these, whatever changed since. */
  | { kind: "catalog"; nodeId: string; since: number; productIds: string[] }
  | { kind: "answer"; nodeId: string; since: number; attempts: number }
  /** An faq node waits for a question (text) or a tap on one of its question buttons. */
  | { kind: "faq"; nodeId: string; since: number }
  | { kind: "contact"; nodeId: string; since: number }
  | { kind: "timer"; nodeId: string; since: number; due: number }
  | { kind: "http"; nodeId: string; since: number }
  | { kind: "payment"; nodeId: string; since: number; due: number }
  | { kind: "deliver"; nodeId: string; since: number }
  /** A human has the conversation until an agent releases it. */
  | { kind: "handoff"; nodeId: string; since: number };

export interface SessionState {
  /** The flow version the session runs (pinned when it started); null when none runs. */
  flowVersionId: string | null;
  nodeId: string | null;
  waitingFor: Waiting | null;
  /** Flow variables, {{flow.*}} in templates. */
  variables: Record<string, unknown>;
  /** Counts committed changes; a timer or http answer carries the step its wait began at. */
  step: number;
}

export const emptySession: SessionState = {
  flowVersionId: null,
  nodeId: null,
  waitingFor: null,
  variables: {},
  step: 0,
};

/** A published flow version the interpreter may run. */
export interface FlowRef {
  flowId: string;
  versionId: string;
  document: FlowDocument;
}

/** The contact as templates and conditions see it. */
export interface ContactView {
  id: string;
  /** The Telegram user id; also the private chat's id. */
  chatId: string;
  firstName: string;
  lastName: string | null;
  username: string | null;
  languageCode: string | null;
  phone: string | null;
  externalId: string | null;
  tags: string[];
  fields: Record<string, string>;
  /** The zone dates and times are shown in: the contact's own, else the workspace's. */
  timeZone?: string;
}

export interface BotView {
  id: string;
  username: string;
}

/** A Bot API call the sender makes for this event, in order. */
export interface TelegramCall {
  method: string;
  params: Record<string, unknown>;
}

export type Effect =
  | { kind: "telegram"; call: TelegramCall; chatId: string }
  | { kind: "timer"; due: number; nodeId: string; since: number }
  | {
      kind: "http";
      nodeId: string;
      since: number;
      request: {
        method: string;
        url: string;
        headers: Record<string, string>;
        body?: string;
        timeoutSeconds: number;
      };
    }
  | {
      kind: "contact";
      addTags?: string[];
      removeTags?: string[];
      fields?: Record<string, string>;
      phone?: string;
    }
  | { kind: "journal"; type: string; data: Record<string, unknown> }
  /**
   * Create the order and offer the payment (lib/payments/checkout.ts, in a worker: it may call
   * the provider). `orderKey` makes it one order however often the event is processed.
   */
  | {
      kind: "payment";
      nodeId: string;
      since: number;
      orderKey: string;
      productId: string | null;
      provider: "stars" | "telegram" | "stripe" | "yookassa";
      expiresAt: number;
      text: string;
      buttonText: string;
    }
  /** Put the conversation in the inbox for an agent (lib/inbox/handoff.ts). */
  | { kind: "handoff"; text: string; note: string }
  /** The payment node timed out: its order, if still open, expires. */
  | { kind: "order_expire"; orderKey: string }
  /**
   * Issue an order's goods (lib/delivery, in a worker: a file upload or an LMS call may be slow).
   * `orderId`: the order of the flow's payment node; else the contact's newest paid order of
   * `productId`.
   */
  | {
      kind: "deliver";
      nodeId: string;
      since: number;
      orderId: string | null;
      productId: string | null;
      text: string;
    };

export interface StepInput {
  event: RuntimeEvent;
  session: SessionState;
  /** The newest published version of each of the bot's flows, in the order they were created. */
  flows: FlowRef[];
  /** The version the session is pinned to, when it is not among `flows` any more. */
  pinned?: FlowRef;
  contact: ContactView;
  bot: BotView;
  now: number;
  /**
   * In [0, 1): the split node's draw for the node `key`. Injected so the step stays pure; the
   * runtime draws from the contact and node ids, so a contact keeps its branch.
   */
  random: (key: string) => number;
  /** Nodes one event may run before the interpreter stops a loop (default 100). */
  maxSteps?: number;
  /**
   * The workspace's active products, oldest first, for catalog nodes. Absent: not loaded; a run
   * that reaches a catalog then stops with `needs: "products"` and is run again with them.
   */
  products?: ProductView[];
}

/** A product as a catalog shows it. */
export interface ProductView {
  id: string;
  title: string;
  priceMinor: number;
  currency: string;
}

/**
 * A step of the path for the funnel (lib/analytics/funnel.ts): `n:<nodeId>` a node reached,
 * `e:<edgeId>` an edge followed, under the published version they belong to.
 */
export interface FlowHit {
  flowVersionId: string;
  item: string;
}

export interface StepResult {
  session: SessionState;
  effects: Effect[];
  /** The nodes run for this event, in order (the preview highlights the last one). */
  visited: string[];
  /**
   * The nodes reached and edges followed, in order, each once; a goto's target flow under its
   * own version. The engine stores them (flow_hit); the preview ignores them.
   */
  hits: FlowHit[];
  /** The contact as this event left it (tags, fields, phone), which the commit stores. */
  contact: ContactView;
  /** Run the step again with this input loaded: nothing of this result counts. */
  needs?: "products";
}
