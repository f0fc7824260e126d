import { beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "@/test/db";
import { call, createTestAccount, type TestAccount } from "@/test/http";
import { addTestMember } from "@/test/members";
import type { Db } from "@/lib/db";
import {
  apiKeys,
  bots,
  contactFields,
  contacts,
  cannedReplies,
  conversations,
  outbox,
  fileAssets,
  flows,
  flowVersions,
  invites,
  journal,
  licenseKeys,
  members,
  products,
  rateLimits,
  segments,
  users,
  workspaces,
} from "@/lib/db/schema";
import { allOperations } from "@/lib/api/contracts";
import type { Operation } from "@/lib/api/operation";
import { createBot } from "@/lib/bots/bots";
import { createFlow } from "@/lib/flows/flows";
import { createProduct } from "@/lib/products/products";
import { createProductInput } from "@/lib/products/input";
import { findRouteFiles, loadRoute, validBodies, validRawBodies, TELEGRAM_TOKEN } from "./routes";

interface Seed {
  owner: TestAccount;
  botId: string;
  flowId: string;
  agentId: string;
  productId: string;
  conversationId: string;
}

/** A real id for every operation with path parameters, so a bad body is the only thing wrong. */
const paramsFor: Record<string, (s: Seed) => Record<string, string>> = {
  updateMember: (s) => ({ id: s.agentId }),
  updateBot: (s) => ({ id: s.botId }),
  updateFlow: (s) => ({ id: s.flowId }),
  saveFlowDraft: (s) => ({ id: s.flowId }),
  previewFlow: (s) => ({ id: s.flowId }),
  publishFlow: (s) => ({ id: s.flowId }),
  savePaymentProvider: () => ({ kind: "stripe" }),
  updateProduct: (s) => ({ id: s.productId }),
  // Any well-formed id: the body is refused before the order is looked up.
  refundOrder: (s) => ({ id: s.productId }),
  addLicenseKeys: (s) => ({ id: s.productId }),
  takeConversation: (s) => ({ id: s.conversationId }),
  replyToConversation: (s) => ({ id: s.conversationId }),
  releaseConversation: (s) => ({ id: s.conversationId }),
  sendConversationFile: (s) => ({ id: s.conversationId }),
  updateCannedReply: (s) => ({ id: s.productId }),
  updateBotSupport: (s) => ({ id: s.botId }),
  // Any well-formed id: the body is refused before the event type is looked up.
  updateEventType: (s) => ({ id: s.productId }),
  // Any well-formed id: the body is refused before the broadcast is looked up.
  updateBroadcast: (s) => ({ id: s.productId }),
  startBroadcast: (s) => ({ id: s.productId }),
  // Any well-formed id: the body is refused before the endpoint is looked up.
  updateWebhookEndpoint: (s) => ({ id: s.productId }),
  // Any well-formed id: the body is refused before the contact, segment or field is looked up.
  updateContact: (s) => ({ id: s.productId }),
  eraseContact: (s) => ({ id: s.productId }),
  updateSegment: (s) => ({ id: s.productId }),
  updateContactField: (s) => ({ id: s.productId }),
};

/** Every row of every table: "nothing was written" means this is identical afterwards. */
async function everything(db: Db): Promise<string> {
  const tables = [
    users,
    workspaces,
    members,
    invites,
    apiKeys,
    bots,
    flows,
    flowVersions,
    products,
    licenseKeys,
    journal,
    rateLimits,
    fileAssets,
    contacts,
    segments,
    contactFields,
    conversations,
    cannedReplies,
    outbox,
  ] as const;
  const rows = await Promise.all(tables.map((t) => db.select().from(t)));
  return JSON.stringify(rows);
}

const withBody = allOperations.filter(
  (op) => op.body && (op.method === "POST" || op.method === "PATCH" || op.method === "PUT"),
);
const withRawBody = allOperations.filter((op) => op.rawBody);

describe("bad input to every route with a body: a clear 4xx, and nothing written", () => {
  const db = useTestDatabase();
  let seed: Seed;

  beforeAll(async () => {
    const owner = await createTestAccount(db());
    const bot = await createBot(db(), {
      workspaceId: owner.workspaceId,
      name: "Bot",
      token: TELEGRAM_TOKEN,
      actor: { type: "system" },
    });
    const agent = await addTestMember(db(), owner.workspaceId, "agent", "Agent");
    const flow = await createFlow(db(), {
      workspaceId: owner.workspaceId,
      botId: bot.id,
      name: "Flow",
      actor: { type: "system" },
    });
    const product = await createProduct(db(), {
      workspaceId: owner.workspaceId,
      product: createProductInput.parse({
        title: "Product",
        priceMinor: 100,
        currency: "RUB",
        kind: "file",
      }),
      actor: { type: "system" },
    });
    const [contact] = await db()
      .insert(contacts)
      .values({
        workspaceId: owner.workspaceId,
        botId: bot.id,
        channelUserId: "42",
        firstName: "Buyer",
      })
      .returning();
    const [conversation] = await db()
      .insert(conversations)
      .values({
        workspaceId: owner.workspaceId,
        botId: bot.id,
        contactId: contact!.id,
        status: "waiting",
      })
      .returning();
    seed = {
      conversationId: conversation!.id,
      owner,
      botId: bot.id,
      flowId: flow.id,
      agentId: agent.userId,
      productId: product.id,
    };
  });

  it("has a valid sample body (and ids) for each of them", () => {
    expect(withBody.length).toBeGreaterThan(5);
    expect(withBody.filter((op) => !validBodies[op.id]).map((op) => op.id)).toEqual([]);
    expect(withBody.filter((op) => op.params && !paramsFor[op.id]).map((op) => op.id)).toEqual([]);
    expect(withRawBody.filter((op) => !validRawBodies[op.id]).map((op) => op.id)).toEqual([]);
    expect(withRawBody.filter((op) => op.params && !paramsFor[op.id]).map((op) => op.id)).toEqual(
      [],
    );
  });

  async function send(op: Operation, body: string, headers: Record<string, string> = {}) {
    const file = findRouteFiles().find((f) => f.pattern === op.path);
    expect(file, `no route file for ${op.path}`).toBeDefined();
    const handler = (await loadRoute(file!)).handlers[op.method];
    expect(handler, `${op.method} ${op.path} not exported`).toBeDefined();
    const params = op.params ? paramsFor[op.id]!(seed) : {};
    const url = Object.entries(params).reduce((p, [k, v]) => p.replace(`{${k}}`, v), op.path);
    const auth = op.auth === "public" ? { "x-forwarded-for": "192.0.2.99" } : seed.owner.session;
    const res = await call(handler!, url, {
      method: op.method,
      params,
      headers: { "content-type": "application/json", ...auth, ...headers },
      body,
    });
    const json = await res.json();
    return {
      status: res.status,
      error: json.error as {
        code: string;
        message: string;
        details?: { path: string; message: string }[];
      },
    };
  }

  it.each(withBody.map((op) => [`${op.method} ${op.path}`, op] as const))(
    "%s",
    async (_name, op) => {
      const sample = validBodies[op.id]!;
      const before = await everything(db());

      const malformed = await send(op, '{"name": "unterminated');
      expect(malformed.status).toBe(400);
      expect(malformed.error.message).toMatch(/Malformed JSON/);

      const huge = await send(
        op,
        JSON.stringify({ ...sample, padding: "x".repeat(1024 * 1024 + 16) }),
      );
      expect(huge.status).toBe(413);

      const notJson = await send(op, JSON.stringify(sample), { "content-type": "text/plain" });
      expect(notJson.status).toBe(415);

      const unknown = await send(op, JSON.stringify({ ...sample, isAdmin: true }));
      expect(unknown.status).toBe(422);
      expect(unknown.error.details?.some((d) => d.message.includes("isAdmin"))).toBe(true);

      for (const whole of ["[]", '"text"', "null", "42"]) {
        const res = await send(op, whole);
        expect(res.status, whole).toBe(422);
        expect(res.error.details?.length, whole).toBeGreaterThan(0);
      }

      for (const field of Object.keys(sample)) {
        for (const wrong of [{ nested: true }, [1, 2], 12345, false]) {
          if (typeof sample[field] === typeof wrong && !Array.isArray(wrong)) continue;
          const res = await send(op, JSON.stringify({ ...sample, [field]: wrong }));
          expect(res.status, `${field} = ${JSON.stringify(wrong)}`).toBe(422);
          // The field itself, or (an array of the wrong items) its elements: codes.0.
          expect(
            res.error.details?.map((d) => d.path.replace(/\.\d+$/, "")),
            field,
          ).toContain(field);
        }
      }

      expect(await everything(db()), "a rejected request wrote something").toBe(before);
    },
  );

  // Raw uploads (the body is a file's bytes): the headers that describe the body are checked
  // before it is read.
  it.each(withRawBody.map((op) => [`${op.method} ${op.path}`, op] as const))(
    "%s (raw body)",
    async (_name, op) => {
      const sample = validRawBodies[op.id]!;
      const before = await everything(db());
      const file = findRouteFiles().find((f) => f.pattern === op.path);
      const handler = (await loadRoute(file!)).handlers[op.method]!;
      const params = op.params ? paramsFor[op.id]!(seed) : {};
      const url = Object.entries(params).reduce((p, [k, v]) => p.replace(`{${k}}`, v), op.path);
      const sendRaw = async (
        headers: Record<string, string | undefined>,
        body: BodyInit = sample.body,
      ) => {
        const merged = new Headers(seed.owner.session);
        for (const [k, v] of Object.entries({ ...sample.headers, ...headers })) {
          if (v !== undefined) merged.set(k, v);
        }
        // Bytes, unlike a string, get no default Content-Type from Request.
        const bytes = typeof body === "string" ? new TextEncoder().encode(body) : body;
        const req = new Request(new URL(url, "http://localhost:3000"), {
          method: op.method,
          headers: merged,
          body: bytes,
        });
        const res = await handler(req, { params: Promise.resolve(params) });
        const json = await res.json();
        return {
          status: res.status,
          error: json.error as { message: string; details?: { path: string }[] },
        };
      };

      for (const type of [undefined, "multipart/form-data; boundary=x", "not a type"]) {
        const res = await sendRaw({ "content-type": type }, new Uint8Array([1, 2, 3]));
        expect(res.status, String(type)).toBe(415);
        expect(res.error.message, String(type)).toMatch(/Content-Type|form|media type/);
      }

      const headerSchema = op.rawBody!.headers as unknown as { shape: Record<string, unknown> };
      for (const header of Object.keys(headerSchema.shape)) {
        const missing = await sendRaw({ [header]: undefined });
        expect(missing.status, `without ${header}`).toBe(422);
        expect(
          missing.error.details?.map((d) => d.path),
          header,
        ).toContain(header);
        for (const wrong of ["", "%E0%A4%A", "a/b", "x".repeat(300)]) {
          const res = await sendRaw({ [header]: wrong });
          expect(res.status, `${header}: ${wrong}`).toBe(422);
          expect(
            res.error.details?.map((d) => d.path),
            header,
          ).toContain(header);
        }
      }

      const huge = await sendRaw({ "content-length": String(100 * 1024 ** 4) });
      expect(huge.status).toBe(413);
      const empty = await sendRaw({}, "");
      expect(empty.status).toBe(422);

      expect(await everything(db()), "a rejected request wrote something").toBe(before);
    },
  );
});
