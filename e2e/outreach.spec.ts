import { createHmac, timingSafeEqual } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test, type Page } from "@playwright/test";
import type { FlowDocument } from "@/lib/flow/document";
import enBroadcasts from "../messages/en/broadcasts.json";
import enContacts from "../messages/en/contacts.json";
import enWebhooks from "../messages/en/webhooks.json";
import { publishBot, signUp } from "./fixtures/shop";

/*
 * The owner reaches the shop's customers and systems: an outgoing webhook announces each new
 * contact to a receiver that checks the signature, the contacts list finds and tags a buyer,
 * and a broadcast to that tag reaches exactly that buyer, with their name filled in. The
 * buyers are played through the fake Telegram of scripts/e2e-server.mjs.
 */

const fakeTelegram = `http://127.0.0.1:${Number(process.env.E2E_PORT ?? 3211) + 1}`;
const token = "7100000002:AAoutreachSpecBotToken_0123456789abc";
const buyers = [
  { id: 515001, is_bot: false, first_name: "Alina", language_code: "ru" },
  { id: 515002, is_bot: false, first_name: "Boris", language_code: "ru" },
  { id: 515003, is_bot: false, first_name: "Clara", language_code: "en" },
];

const flow: FlowDocument = {
  version: 1,
  nodes: [
    { id: "start", type: "trigger.start", position: { x: 0, y: 0 }, config: {} },
    {
      id: "hello",
      type: "message",
      position: { x: 300, y: 0 },
      config: { text: "Welcome to the shop" },
    },
  ],
  edges: [{ id: "e1", source: "start", sourceHandle: "next", target: "hello" }],
  variables: [],
};

interface Received {
  signature: string;
  event: string;
  body: string;
}

/** A receiver like a shop's CRM: records each request and answers 200. */
async function startReceiver(): Promise<{ url: string; received: Received[]; close(): void }> {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      received.push({
        signature: String(req.headers["botshop-signature"] ?? ""),
        event: String(req.headers["botshop-event"] ?? ""),
        body: Buffer.concat(chunks).toString("utf8"),
      });
      res.writeHead(200).end("ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/botshop`, received, close: () => server.close() };
}

/** The check docs/webhooks.md tells integrators to write. */
function verified(secret: string, header: string, body: string): boolean {
  const parts = Object.fromEntries(header.split(",").map((p) => p.split("=", 2)));
  if (!parts.t || !parts.v1) return false;
  const expected = createHmac("sha256", secret).update(`${parts.t}.${body}`).digest();
  const given = Buffer.from(parts.v1, "hex");
  return given.length === expected.length && timingSafeEqual(given, expected);
}

async function starts(page: Page, buyer: (typeof buyers)[number]) {
  const chat = { id: buyer.id, type: "private", first_name: buyer.first_name };
  const res = await page.request.post(`${fakeTelegram}/__control/push`, {
    data: {
      token,
      update: {
        message: {
          message_id: 1,
          from: buyer,
          chat,
          date: Math.floor(Date.now() / 1000),
          text: "/start",
        },
      },
    },
  });
  expect((await res.json()).status).toBe(200);
}

async function sentTo(page: Page, chatId: number): Promise<string[]> {
  const res = await page.request.get(
    `${fakeTelegram}/__control/messages?token=${encodeURIComponent(token)}&chat_id=${chatId}`,
  );
  return ((await res.json()) as { text?: string }[]).map((m) => m.text ?? "");
}

test("a webhook hears of new contacts, the owner tags one and broadcasts to that tag", async ({
  page,
}) => {
  test.setTimeout(120_000);
  const receiver = await startReceiver();
  try {
    await signUp(page, "Olga Outreach", "Outreach shop");
    await publishBot(page, { token, document: flow });

    // Settings → Webhooks: an endpoint for new contacts; the secret is shown once.
    await page.goto("/settings/webhooks");
    await expect(page.getByText(enWebhooks.empty.title)).toBeVisible();
    await page.getByRole("button", { name: enWebhooks.create }).first().click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel(enWebhooks.dialog.url).fill(receiver.url);
    // Only new contacts (the dialog suggests order.paid to start with).
    await dialog.getByLabel(enWebhooks.events.order_paid).uncheck();
    await dialog.getByLabel(enWebhooks.events.contact_created).check();
    await dialog.getByRole("button", { name: enWebhooks.dialog.submit }).click();
    const secret = await dialog.getByLabel(enWebhooks.dialog.secretLabel).inputValue();
    expect(secret.length).toBeGreaterThan(20);
    await dialog.getByRole("button", { name: enWebhooks.dialog.done }).click();
    await expect(page.getByRole("cell", { name: receiver.url, exact: true })).toBeVisible();

    // Three buyers start the bot: three contact.created requests, each correctly signed.
    for (const buyer of buyers) await starts(page, buyer);
    await expect.poll(() => receiver.received.length, { timeout: 20_000 }).toBe(3);
    for (const r of receiver.received) {
      expect(r.event).toBe("contact.created");
      expect(verified(secret, r.signature, r.body)).toBe(true);
      expect(verified("another-secret", r.signature, r.body)).toBe(false);
    }
    const names = receiver.received.map(
      (r) => (JSON.parse(r.body) as { data: { contact: { firstName: string } } }).data.contact,
    );
    expect(names.map((c) => c.firstName).sort()).toEqual(["Alina", "Boris", "Clara"]);

    // Contacts: everyone is listed; a search finds Boris; his page takes a tag.
    await page.goto("/contacts");
    await expect(page.getByText("3 contacts")).toBeVisible();
    await page.getByLabel(enContacts.filters.search).fill("Boris");
    await expect(page.getByText("1 contact", { exact: true })).toBeVisible();
    await page.getByRole("link", { name: /Boris/ }).click();
    await expect(page.getByRole("heading", { name: /Boris/ })).toBeVisible();
    await page.getByLabel(enContacts.contact.newTag).fill("vip");
    await page.getByRole("button", { name: enContacts.contact.addTag, exact: true }).click();
    await expect(page.getByText(enContacts.contact.saved)).toBeVisible();
    // His timeline has what he sent and what the bot answered.
    await expect(page.getByText("Welcome to the shop")).toBeVisible();

    // A broadcast to the tag: one recipient, his own name in the text.
    await page.goto("/broadcasts/new");
    await page.getByLabel(enBroadcasts.compose.name).fill("VIP hello");
    await page.getByLabel(enBroadcasts.compose.text).fill("Hi {{contact.first_name}}, VIPs first!");
    await page.getByLabel(enBroadcasts.compose.tags).fill("vip");
    await expect(page.getByText(/^1 recipient(?!s)/)).toBeVisible();
    await expect(page.getByText("Hi Boris, VIPs first!")).toBeVisible();
    await page.getByRole("button", { name: enBroadcasts.compose.sendNow }).click();
    await page
      .getByRole("alertdialog")
      .getByRole("button", { name: enBroadcasts.compose.sendNow })
      .click();
    await expect(page.getByText(enBroadcasts.status.completed)).toBeVisible({ timeout: 20_000 });
    await expect(page.getByText("1 of 1 recipients (100%)")).toBeVisible();

    expect(await sentTo(page, buyers[1]!.id)).toEqual([
      "Welcome to the shop",
      "Hi Boris, VIPs first!",
    ]);
    expect(await sentTo(page, buyers[0]!.id)).toEqual(["Welcome to the shop"]);
    expect(await sentTo(page, buyers[2]!.id)).toEqual(["Welcome to the shop"]);
  } finally {
    receiver.close();
  }
});
