import fs from "node:fs";
import path from "node:path";
import type { HttpMethod, Operation } from "@/lib/api/operation";
import { allOperations } from "@/lib/api/contracts";
import type { RouteHandler } from "@/test/http";

export const HTTP_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"] as const;

export interface RouteFile {
  /** Relative to the repository root: app/api/v1/bots/[id]/route.ts */
  file: string;
  /** The URL pattern in the contracts' style: /api/v1/bots/{id} */
  pattern: string;
}

const ROOT = path.resolve(import.meta.dirname, "../..");

/** Every route handler file under app/api, found on disk (so a new one cannot hide). */
export function findRouteFiles(dir = "app/api"): RouteFile[] {
  const out: RouteFile[] = [];
  const walk = (rel: string) => {
    for (const entry of fs.readdirSync(path.join(ROOT, rel), { withFileTypes: true })) {
      const child = path.posix.join(rel, entry.name);
      if (entry.isDirectory()) walk(child);
      else if (/^route\.(ts|tsx|js|mjs)$/.test(entry.name))
        out.push({ file: child, pattern: patternOf(child) });
    }
  };
  walk(dir);
  return out.sort((a, b) => a.pattern.localeCompare(b.pattern));
}

/** app/api/v1/bots/[id]/route.ts → /api/v1/bots/{id}; route groups "(x)" vanish. */
export function patternOf(file: string): string {
  const segments = path.posix
    .dirname(file)
    .split("/")
    .slice(1)
    .filter((s) => !/^\(.*\)$/.test(s))
    .map((s) =>
      s.replace(
        /^\[\[?(\.\.\.)?(\w+)\]?\]$/,
        (_m, dots: string | undefined, name: string) => `{${dots ?? ""}${name}}`,
      ),
    );
  return "/" + segments.join("/");
}

export interface LoadedRoute extends RouteFile {
  handlers: Partial<Record<(typeof HTTP_METHODS)[number], RouteHandler>>;
}

function isHandler(value: unknown): value is RouteHandler {
  return typeof value === "function";
}

export async function loadRoute(route: RouteFile): Promise<LoadedRoute> {
  const mod: Record<string, unknown> = await import(path.join(ROOT, route.file));
  const handlers: LoadedRoute["handlers"] = {};
  for (const method of HTTP_METHODS) {
    const handler = mod[method];
    if (isHandler(handler)) handlers[method] = handler;
  }
  return { ...route, handlers };
}

export function operationFor(method: string, pattern: string): Operation | undefined {
  return allOperations.find((op) => op.method === method && op.path === pattern);
}

export function isHttpMethod(method: string): method is HttpMethod {
  return ["GET", "POST", "PUT", "PATCH", "DELETE"].includes(method);
}

export const TELEGRAM_TOKEN = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw1";

/**
 * A valid body for every operation that takes one, by operation id. The security tests fail
 * for an operation with a body that is missing here, so new write routes get covered.
 */
export const validBodies: Record<string, Record<string, unknown>> = {
  signUp: {
    name: "Eve",
    email: "eve@example.com",
    password: "a long enough password",
    workspaceName: "Eve's",
  },
  changePassword: {
    currentPassword: "correct horse battery",
    newPassword: "another long password",
  },
  createMyWorkspace: { name: "Another shop" },
  updateWorkspace: { name: "Renamed" },
  updateMember: { role: "agent" },
  createInvite: { role: "admin" },
  createApiKey: { name: "A key" },
  createBot: { name: "A bot", token: TELEGRAM_TOKEN },
  updateBot: { name: "Renamed bot" },
  // A random bot id: these bodies are only ever sent with something else wrong, or (in the
  // cross-workspace test) replaced by one naming A's own bot.
  createFlow: { botId: "5f0c8a4e-2b7d-4c1e-9a3f-6d8e1b2c4a70", name: "A flow" },
  updateFlow: { name: "Renamed flow" },
  publishFlow: { baseRevision: 1 },
  savePaymentProvider: { secretKey: "sk_test_ValidLookingStripeKey0123456789" },
  saveFlowDraft: { baseRevision: 1, document: { version: 1, nodes: [], edges: [], variables: [] } },
  createProduct: { title: "An e-book", priceMinor: 49900, currency: "RUB", kind: "file" },
  updateProduct: { title: "Renamed product" },
  refundOrder: { reason: "Bought twice by mistake" },
  addLicenseKeys: { codes: ["AAAA-BBBB-CCCC", "DDDD-EEEE-FFFF"] },
  takeConversation: { takeOver: true },
  replyToConversation: {
    text: "Hello {{contact.first_name}}",
    clientKey: "k1",
    buttons: [{ text: "Yes" }, { text: "Docs", url: "https://example.com/docs" }],
  },
  releaseConversation: { flowId: "5f0c8a4e-2b7d-4c1e-9a3f-6d8e1b2c4a70", nodeId: "hello" },
  createCannedReply: { title: "Greeting", text: "Hello {{contact.first_name}}!" },
  updateCannedReply: { title: "Renamed reply" },
  updateBotSupport: { handoffText: "An agent will answer soon", staffChatId: "-1001234567890" },
  sendEvent: {
    type: "payout.credited",
    customer: { externalId: "1C-1" },
    data: { amount: 100 },
    occurredAt: "2026-11-24T09:43:05Z",
  },
  createLinkCode: { customer: { externalId: "1C-1" } },
  createEventType: { name: "payout.credited", fields: [{ name: "amount", type: "number" }] },
  updateEventType: { description: "A payout reached the card" },
  createBroadcast: {
    botId: "5f0c8a4e-2b7d-4c1e-9a3f-6d8e1b2c4a70",
    name: "Autumn sale",
    message: { text: "Hello, {{contact.first_name}}!" },
  },
  updateBroadcast: { name: "Renamed broadcast" },
  startBroadcast: { at: "2030-01-01T09:00:00Z" },
  describeBroadcastAudience: { botId: "5f0c8a4e-2b7d-4c1e-9a3f-6d8e1b2c4a70" },
  previewBroadcast: {
    botId: "5f0c8a4e-2b7d-4c1e-9a3f-6d8e1b2c4a70",
    contactId: "7a1d2c3b-4e5f-4a6b-8c7d-9e0f1a2b3c4d",
    message: { text: "Hello, {{contact.first_name}}!" },
  },
  createWebhookEndpoint: { url: "https://erp.example.com/hooks", events: ["order.paid"] },
  updateWebhookEndpoint: { description: "The ERP" },
  updateAlertSettings: { botId: null, chatId: null, email: "owner@example.com" },
  previewFlow: {
    document: { version: 1, nodes: [], edges: [], variables: [] },
    session: null,
    event: { kind: "message", text: "/start" },
  },
  updateContact: { tags: ["vip"], fields: {}, test: true },
  eraseContact: { confirm: "ERASE" },
  importContacts: { rows: [{ line: 2, telegramId: "1001", tags: "vip; lead" }] },
  createSegment: { name: "VIP", filter: { tagsAny: ["vip"] } },
  updateSegment: { name: "Renamed segment" },
  createContactField: { name: "city", label: "City", type: "text" },
  updateContactField: { label: "Town" },
};

/**
 * A valid upload for every operation that takes a raw (non-JSON) body, by operation id: the
 * headers that describe it and the bytes. The security tests fail for one missing here.
 */
export const validRawBodies: Record<string, { headers: Record<string, string>; body: string }> = {
  uploadFile: {
    headers: { "content-type": "application/pdf", "x-file-name": "book.pdf" },
    body: "%PDF-1.7 a tiny book",
  },
  sendConversationFile: {
    headers: { "content-type": "application/pdf", "x-file-name": "invoice.pdf" },
    body: "%PDF-1.7 an invoice",
  },
};
