import { expect, test, type Browser, type Page } from "@playwright/test";
import type { FlowDocument } from "@/lib/flow/document";
import enInbox from "../messages/en/inbox.json";
import { publishBot, signUp } from "./fixtures/shop";

/*
 * A buyer asks for a human; an agent takes the conversation in the inbox while the owner
 * watches in another browser. The buyer is played through the fake Telegram that
 * scripts/e2e-server.mjs runs (its control calls push updates to the app's webhook with the
 * bot's secret, and list what the bot sent), so everything between is the real app.
 */

const fakeTelegram = `http://127.0.0.1:${Number(process.env.E2E_PORT ?? 3211) + 1}`;
const token = "7100000001:AAinboxSpecBotToken_0123456789abcdef";
const buyer = { id: 424242, is_bot: false, first_name: "Bella", last_name: "Buyer" };

const flow: FlowDocument = {
  version: 1,
  nodes: [
    { id: "start", type: "trigger.start", position: { x: 0, y: 0 }, config: {} },
    {
      id: "menu",
      type: "buttons",
      position: { x: 300, y: 0 },
      config: { text: "How can we help?", buttons: [{ id: "human", text: "Talk to a person" }] },
    },
    {
      id: "handoff",
      type: "handoff",
      position: { x: 600, y: 0 },
      config: { text: "A person will answer you here.", note: "Asked from the menu" },
    },
    {
      id: "back",
      type: "message",
      position: { x: 900, y: 0 },
      config: { text: "The bot is back. Anything else?" },
    },
    { id: "hi", type: "trigger.keyword", position: { x: 0, y: 300 }, config: { keywords: ["hi"] } },
    {
      id: "hello",
      type: "message",
      position: { x: 300, y: 300 },
      config: { text: "Hello from the bot" },
    },
  ],
  edges: [
    { id: "e1", source: "start", sourceHandle: "next", target: "menu" },
    { id: "e2", source: "menu", sourceHandle: "human", target: "handoff" },
    { id: "e3", source: "handoff", sourceHandle: "released", target: "back" },
    { id: "e4", source: "hi", sourceHandle: "next", target: "hello" },
  ],
  variables: [],
};

interface SentMessage {
  message_id: number;
  text?: string;
}

/** What the bot has sent the buyer so far, oldest first. */
async function buyerSees(page: Page): Promise<SentMessage[]> {
  const res = await page.request.get(
    `${fakeTelegram}/__control/messages?token=${encodeURIComponent(token)}&chat_id=${buyer.id}`,
  );
  return (await res.json()) as SentMessage[];
}

/** The buyer does something in Telegram: the fake pushes it to the app's webhook. */
async function buyerSends(page: Page, update: Record<string, unknown>) {
  const res = await page.request.post(`${fakeTelegram}/__control/push`, {
    data: { token, update },
  });
  expect((await res.json()).status).toBe(200);
}

const now = () => Math.floor(Date.now() / 1000);
const chat = { id: buyer.id, type: "private", first_name: buyer.first_name };
let messageId = 100;
const says = (text: string) => ({
  message: { message_id: ++messageId, from: buyer, chat, date: now(), text },
});
const presses = (data: string, onMessage: number) => ({
  callback_query: {
    id: `cq-${++messageId}`,
    from: buyer,
    chat_instance: "e2e",
    data,
    message: { message_id: onMessage, chat, date: now(), text: "How can we help?" },
  },
});

async function newPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext();
  return context.newPage();
}

test("a buyer asks for a human: the agent takes over live, the bot keeps quiet, then carries on", async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const owner = await newPage(browser);
  const agent = await newPage(browser);

  // The owner's shop: a bot on the fake Telegram with a published flow, and an agent invited.
  await signUp(owner, "Olga Owner", "Inbox shop");
  await publishBot(owner, { token, document: flow, flowName: "Support" });
  const invite = await owner.request.post("/api/v1/invites", { data: { role: "agent" } });
  const inviteUrl = new URL((await invite.json()).url as string);

  await signUp(agent, "Artem Agent", "Artem's own");
  await agent.goto(inviteUrl.pathname);
  await agent.getByRole("button", { name: "Join Inbox shop" }).click();
  await expect(agent).not.toHaveURL(/\/invite\//);

  // Both open the inbox before anything happens: what follows must arrive without a reload.
  await agent.goto("/inbox");
  await owner.goto("/inbox");
  const agentList = agent.getByRole("region", { name: enInbox.list.label });
  await expect(agentList.getByText(enInbox.list.empty.waiting)).toBeVisible();

  // The buyer starts the bot and asks for a person.
  await buyerSends(owner, says("/start"));
  await expect
    .poll(async () => (await buyerSees(owner)).map((m) => m.text))
    .toEqual(["How can we help?"]);
  const menu = (await buyerSees(owner))[0]!;
  await buyerSends(owner, presses("menu:human", menu.message_id));
  await expect
    .poll(async () => (await buyerSees(owner)).map((m) => m.text))
    .toEqual(["How can we help?", "A person will answer you here."]);

  // The conversation appears in the agent's Waiting list, live.
  const conversation = agentList.getByRole("button", { name: /Bella Buyer/ });
  await expect(conversation).toBeVisible();
  await conversation.click();
  await agent.getByRole("button", { name: enInbox.actions.take, exact: true }).click();
  await expect(agent.getByText(enInbox.actions.taken)).toBeVisible();

  // The owner opens the same conversation and will see the agent's reply arrive.
  const ownerList = owner.getByRole("region", { name: enInbox.list.label });
  await ownerList.getByRole("tab", { name: new RegExp(`^${enInbox.filters.all}`) }).click();
  await ownerList.getByRole("button", { name: /Bella Buyer/ }).click();
  const ownerThread = owner.getByRole("log");
  await expect(ownerThread).toContainText("A person will answer you here.");

  const composer = agent.getByLabel(enInbox.composer.label, { exact: true });
  await composer.fill("Hi Bella, this is Artem. How can I help?");
  await composer.press("Enter");
  await expect
    .poll(async () => (await buyerSees(owner)).at(-1)?.text)
    .toBe("Hi Bella, this is Artem. How can I help?");
  // The owner's open thread shows it without a reload.
  await expect(ownerThread).toContainText("Hi Bella, this is Artem. How can I help?");

  // The buyer writes what the bot would answer: the bot stays silent, the agent sees it.
  const before = (await buyerSees(owner)).length;
  await buyerSends(owner, says("hi"));
  await expect(agent.getByRole("log").getByText("hi", { exact: true })).toBeVisible();
  // Long enough for a reply to have left (they leave within milliseconds).
  await agent.waitForTimeout(1_500);
  expect(await buyerSees(owner)).toHaveLength(before);

  // The agent hands the chat back; the flow continues after the hand-off.
  await agent.getByRole("button", { name: enInbox.actions.release, exact: true }).click();
  const dialog = agent.getByRole("dialog");
  await dialog.getByText(enInbox.release.continue).click();
  await dialog.getByRole("button", { name: enInbox.release.confirm, exact: true }).click();
  await expect
    .poll(async () => (await buyerSees(owner)).at(-1)?.text)
    .toBe("The bot is back. Anything else?");
  await buyerSends(owner, says("hi"));
  await expect.poll(async () => (await buyerSees(owner)).at(-1)?.text).toBe("Hello from the bot");
});
