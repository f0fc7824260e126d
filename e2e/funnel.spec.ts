import { expect, test, type Page } from "@playwright/test";
import type { FlowDocument } from "@/lib/flow/document";
import enFlows from "../messages/en/flows.json";
import ruFlows from "../messages/ru/flows.json";
import { createBotAndFlow, signUp } from "./fixtures/shop";

/*
 * The funnel on the canvas: buyers go through a published flow in the fake Telegram that
 * scripts/e2e-server.mjs runs (its control calls push updates to the app's webhook), so the
 * figures are stored by the real runtime; then the owner turns the funnel on in the editor.
 */

const fakeTelegram = `http://127.0.0.1:${Number(process.env.E2E_PORT ?? 3211) + 1}`;
const token = "7100000002:AAfunnelSpecBotToken_0123456789abcdef";
const funnel = enFlows.editor.funnel;

const flow: FlowDocument = {
  version: 1,
  nodes: [
    { id: "start", type: "trigger.start", position: { x: 0, y: 0 }, config: {} },
    {
      id: "menu",
      type: "buttons",
      position: { x: 320, y: 0 },
      config: {
        text: "What would you like?",
        buttons: [
          { id: "buy", text: "Buy the book" },
          { id: "help", text: "Help" },
        ],
      },
    },
    {
      id: "bought",
      type: "message",
      position: { x: 680, y: -80 },
      config: { text: "Great choice" },
    },
    {
      id: "support",
      type: "message",
      position: { x: 680, y: 160 },
      config: { text: "Write to support@example.com" },
    },
    {
      id: "helpCmd",
      type: "trigger.command",
      position: { x: 320, y: 260 },
      config: { command: "help" },
    },
  ],
  edges: [
    { id: "e1", source: "start", sourceHandle: "next", target: "menu" },
    { id: "e2", source: "menu", sourceHandle: "buy", target: "bought" },
    { id: "e3", source: "menu", sourceHandle: "help", target: "support" },
    { id: "e4", source: "helpCmd", sourceHandle: "next", target: "support" },
  ],
  variables: [],
};

let messageId = 500;
const now = () => Math.floor(Date.now() / 1000);
const buyer = (id: number) => ({ id, is_bot: false, first_name: `Buyer ${id}` });
const chat = (id: number) => ({ id, type: "private", first_name: `Buyer ${id}` });

/** A buyer does something in Telegram: the fake pushes it to the app's webhook. */
async function push(page: Page, update: Record<string, unknown>) {
  const res = await page.request.post(`${fakeTelegram}/__control/push`, {
    data: { token, update },
  });
  expect((await res.json()).status).toBe(200);
}
const says = (page: Page, id: number, text: string) =>
  push(page, {
    message: { message_id: ++messageId, from: buyer(id), chat: chat(id), date: now(), text },
  });
const presses = (page: Page, id: number, data: string) =>
  push(page, {
    callback_query: {
      id: `cq-${++messageId}`,
      from: buyer(id),
      chat_instance: "e2e-funnel",
      data,
      message: { message_id: 1, chat: chat(id), date: now(), text: "What would you like?" },
    },
  });

test("the funnel shows who reached each node of the published version and where they left", async ({
  page,
}, testInfo) => {
  test.setTimeout(120_000);
  await signUp(page, "Fanny Owner", "Funnel shop");
  const { botId, flowId } = await createBotAndFlow(page, { token, flowName: "Sales" });
  const saveDraft = async (document: FlowDocument) => {
    const { revision } = await (await page.request.get(`/api/v1/flows/${flowId}/draft`)).json();
    const saved = await page.request.put(`/api/v1/flows/${flowId}/draft`, {
      data: { baseRevision: revision, document },
    });
    expect(saved.status()).toBe(200);
  };
  const editor = `/bots/${botId}/flows/${flowId}`;

  // Before anything is published, the funnel says what to do.
  await saveDraft(flow);
  await page.goto(editor);
  const toggle = page.getByRole("button", { name: funnel.toggle, exact: true });
  await toggle.click();
  const bar = page.getByRole("region", { name: funnel.title });
  await expect(bar).toContainText(funnel.unpublished);

  // Published, but nobody came yet.
  expect((await page.request.post(`/api/v1/flows/${flowId}/publish`, { data: {} })).status()).toBe(
    201,
  );
  await page.reload();
  await toggle.click();
  await expect(bar).toContainText(funnel.noSessions.replace("{n}", "1"));
  await expect(page.locator("[data-funnel-node]")).toHaveCount(0);
  await toggle.click();

  // Four buyers: one buys, one asks for help, one looks at the menu and stops there, and one
  // leaves the menu for the /help command.
  for (const id of [515001, 515002, 515003, 515004]) await says(page, id, "/start");
  await presses(page, 515001, "menu:buy");
  await presses(page, 515002, "menu:help");
  await says(page, 515004, "/help");
  // The draft moves on: a node added after version 1 has no figures.
  await saveDraft({
    ...flow,
    nodes: [
      ...flow.nodes,
      {
        id: "later",
        type: "message",
        position: { x: 320, y: 420 },
        config: { text: "Added later" },
      },
    ],
  });

  await page.reload();
  await toggle.click();
  await expect(toggle).toHaveAttribute("aria-pressed", "true");
  await expect(bar.locator("[data-funnel-contacts]")).toHaveText("4 contacts");
  await expect(bar).toContainText(funnel.readOnly.replace(/\{n\}/g, "1"));

  const figures = (nodeId: string) => page.locator(`[data-funnel-node="${nodeId}"]`);
  await expect(figures("start")).toHaveText("4 reached");
  await expect(figures("menu")).toHaveText(/^4 reached1 left · 25%1 waiting$/);
  await expect(figures("bought")).toHaveText(/^1 reached1 finished$/);
  await expect(figures("support")).toHaveText(/^2 reached2 finished$/);
  await expect(figures("helpCmd")).toHaveText("1 reached");
  await expect(figures("later")).toHaveText("Not in version 1");
  const edgeLabel = (edgeId: string) =>
    page.locator(`.react-flow__edge[data-id="${edgeId}"] .react-flow__edge-textwrapper`);
  await expect(edgeLabel("e1")).toHaveText("4");
  await expect(edgeLabel("e2")).toHaveText("1");
  await expect(edgeLabel("e3")).toHaveText("1");
  await expect(edgeLabel("e4")).toHaveText("1");

  // Read-only meanwhile: the palette cannot add nodes, undo is off.
  await expect(page.getByRole("button", { name: "Message", exact: true })).toBeDisabled();
  await expect(page.getByRole("button", { name: enFlows.editor.undo })).toBeDisabled();
  await page.screenshot({ path: testInfo.outputPath("funnel-en.png") });

  // The buyer waiting at the menu comes back and asks for help: the refreshed figures follow.
  await presses(page, 515003, "menu:help");
  await bar.getByRole("button", { name: funnel.refresh }).click();
  await expect(figures("menu")).toHaveText(/^4 reached1 left · 25%$/);
  await expect(edgeLabel("e3")).toHaveText("2");

  // Off again: no figures, and the canvas is editable.
  await toggle.click();
  await expect(page.locator("[data-funnel-node]")).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Message", exact: true })).toBeEnabled();

  // In Russian.
  await page.context().addCookies([{ name: "NEXT_LOCALE", value: "ru", url: page.url() }]);
  await page.reload();
  const ru = ruFlows.editor.funnel;
  await page.getByRole("button", { name: ru.toggle, exact: true }).click();
  await expect(page.getByRole("region", { name: ru.title })).toContainText("4 контакта");
  await expect(figures("start")).toHaveText("дошли: 4");
  await page.screenshot({ path: testInfo.outputPath("funnel-ru.png") });
});
