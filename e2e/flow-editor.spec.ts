import { readFile } from "node:fs/promises";
import { expect, test, type Locator, type Page } from "@playwright/test";
import enFlows from "../messages/en/flows.json";
import { createBotAndFlow, signUp } from "./fixtures/shop";

/*
 * An owner builds a small flow with the mouse, fixes what the problems panel points at,
 * publishes, exports the flow and imports it back. Everything goes through the canvas, the
 * inspector and the menus, the way an owner who cannot program would do it.
 */

const editor = enFlows.editor;
/** The bot comes from the API (the page's session): the canvas is the subject. */
const token = "123456789:AAtestTokenForTheFlowEditorSpec_0123";

test("build a flow by mouse, fix its error, publish, export and re-import", async ({ page }) => {
  await signUp(page, "Flo Owner", "Flo's shop");
  const { flowId, botId } = await createBotAndFlow(page, { token, flowName: "Welcome" });
  await page.goto(`/bots/${botId}/flows/${flowId}`);

  const canvas = page.locator(".react-flow");
  const start = canvas.locator(".react-flow__node").filter({ hasText: "Start" });
  await expect(start).toBeVisible();

  // Drag "Message" from the palette onto the canvas, right of the trigger.
  const palette = page.getByRole("complementary", { name: editor.palette.label });
  // Below and left of the trigger, so the two cards' handles are far apart.
  const startBox = (await start.boundingBox())!;
  const pane = (await canvas.locator(".react-flow__pane").boundingBox())!;
  await palette
    .getByRole("button", { name: "Message", exact: true })
    .dragTo(canvas.locator(".react-flow__pane"), {
      targetPosition: { x: startBox.x - pane.x - 120, y: startBox.y - pane.y + 220 },
    });
  const message = canvas.locator(".react-flow__node").filter({ hasText: "Message" });
  await expect(message).toBeVisible();

  // Wire Start's "Next" outcome to the message by dragging between the handles.
  await dragBetween(
    page,
    start.locator(".react-flow__handle.source"),
    message.locator(".react-flow__handle.target"),
  );
  await expect(canvas.locator(".react-flow__edge")).toHaveCount(1);

  // The empty message is an error: publishing is blocked until it is fixed.
  const publish = page.getByRole("button", { name: editor.publish.action });
  await expect(publish).toBeDisabled();
  const problems = page.getByRole("region", { name: editor.problems.title });
  const problem = problems
    .getByRole("button")
    .filter({ has: page.getByLabel(editor.problems.error) });
  await expect(problem.first()).toBeVisible();

  // Clicking the problem selects the node; the inspector shows its form.
  await page.locator(".react-flow__pane").click({ position: { x: 5, y: 5 } });
  await problem.first().click();
  await expect(message).toHaveClass(/selected/);
  await page.getByRole("textbox", { name: /^Text/ }).fill("Hello, {{contact.first_name}}!");
  await expect(problems.getByText(editor.problems.none)).toBeVisible();

  // Saved, then published as version 1.
  await expect(page.getByRole("status").filter({ hasText: editor.status.saved })).toBeVisible();
  await expect(publish).toBeEnabled();
  await publish.click();
  await expect(page.getByText(editor.publish.done.replace("{n}", "1"))).toBeVisible();

  // The version history (loaded when first opened) lists it; closing returns to its button.
  const history = page.getByRole("button", { name: editor.versions.title });
  await history.click();
  const versions = page.getByRole("dialog", { name: editor.versions.title });
  await expect(versions.getByRole("button", { name: editor.versions.restore })).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(versions).toBeHidden();
  await expect(history).toBeFocused();

  // Export: the file is the flow as drawn.
  const more = page.getByRole("button", { name: editor.menu.title });
  await more.click();
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("menuitem", { name: editor.menu.export }).click(),
  ]);
  const exportedPath = test.info().outputPath("flow.json");
  await download.saveAs(exportedPath);
  const exported = JSON.parse(await readFile(exportedPath, "utf8"));
  expect(exported.nodes).toHaveLength(2);
  expect(exported.edges).toHaveLength(1);
  expect(JSON.stringify(exported)).toContain("Hello, {{contact.first_name}}!");

  // Delete the message; the canvas has the trigger alone.
  await message.click();
  await page.keyboard.press("Delete");
  await expect(message).toHaveCount(0);

  // A broken file is refused with where the problem is, and nothing changes.
  await more.click();
  await page.getByRole("menuitem", { name: editor.menu.import }).click();
  const dialog = page.getByRole("dialog", { name: editor.import.title });
  await dialog
    .getByRole("textbox", { name: editor.import.json })
    .fill('{\n  "version": 1,\n  "nodes": [,]\n}');
  await dialog.getByRole("button", { name: editor.import.action }).click();
  await expect(dialog.getByRole("alert")).toContainText("line 3, column 13");
  await expect(message).toHaveCount(0);

  // The exported file comes back whole.
  await dialog.getByTestId("flow-import-file").setInputFiles(exportedPath);
  await expect(dialog.getByRole("textbox", { name: editor.import.json })).toHaveValue(
    /"version": 1/,
  );
  await dialog.getByRole("button", { name: editor.import.action }).click();
  await expect(dialog).toBeHidden();
  await expect(message).toBeVisible();
  await expect(canvas.locator(".react-flow__edge")).toHaveCount(1);
  await expect(problems.getByText(editor.problems.none)).toBeVisible();

  // The import is one undo step.
  await page.locator(".react-flow__pane").click({ position: { x: 5, y: 5 } });
  await page.keyboard.press("Control+z");
  await expect(message).toHaveCount(0);
  await page.keyboard.press("Control+Shift+z");
  await expect(message).toBeVisible();

  // And the shortcut list opens with "?".
  await page.keyboard.press("Shift+?");
  await expect(page.getByRole("dialog", { name: editor.shortcuts.title })).toBeVisible();
});

test("preview the draft in a chat: greeting, a button press, the card it is at", async ({
  page,
}) => {
  await signUp(page, "Flo Owner", "Flo's shop");
  const { flowId, botId } = await createBotAndFlow(page, { token, flowName: "Welcome" });
  const saved = await page.request.put(`/api/v1/flows/${flowId}/draft`, {
    data: { baseRevision: 1, document: previewDocument },
  });
  expect(saved.status()).toBe(200);
  await page.goto(`/bots/${botId}/flows/${flowId}`);

  const preview = editor.preview;
  await page.getByRole("button", { name: preview.toggle, exact: true }).click();
  const panel = page.getByRole("region", { name: preview.title });
  await expect(panel.getByText(preview.emptyTitle)).toBeVisible();

  const input = panel.getByRole("textbox", { name: preview.input });
  await input.fill("/start");
  await input.press("Enter");
  const chat = panel.getByRole("log", { name: preview.chat });
  // The signed-in user's first name, in bold as the HTML says.
  await expect(chat.getByText("Flo", { exact: true })).toHaveCSS("font-weight", "600");
  await expect(chat.getByText("Want the newsletter?")).toBeVisible();

  // The canvas rings the node the conversation waits on.
  const canvas = page.locator(".react-flow");
  const current = canvas.locator("[data-preview-current]");
  await expect(current).toHaveCount(1);
  await expect(
    canvas.locator('.react-flow__node[data-id="menu"] [data-preview-current]'),
  ).toBeVisible();

  await chat.getByRole("button", { name: "Yes", exact: true }).click();
  await expect(chat.getByText("Great, see you soon!")).toBeVisible();
  await expect(chat.getByText(preview.pressed.replace("{text}", "Yes"))).toBeVisible();
  await expect(
    canvas.locator('.react-flow__node[data-id="great"] [data-preview-current]'),
  ).toBeVisible();
  await expect(current).toHaveCount(1);

  // Closing the preview brings the inspector back and drops the ring.
  await panel.getByRole("button", { name: preview.close }).click();
  await expect(panel).toBeHidden();
  await expect(current).toHaveCount(0);
});

/** /start → an HTML greeting → Yes/No buttons; Yes → a goodbye. */
const previewDocument = {
  version: 1,
  nodes: [
    { id: "start", type: "trigger.start", position: { x: 0, y: 0 }, config: { payload: "" } },
    {
      id: "hello",
      type: "message",
      position: { x: 300, y: 0 },
      config: { text: "Hello, <b>{{contact.first_name}}</b>!", format: "html" },
    },
    {
      id: "menu",
      type: "buttons",
      position: { x: 600, y: 0 },
      config: {
        text: "Want the newsletter?",
        buttons: [
          { id: "yes", text: "Yes" },
          { id: "no", text: "No", sameRow: true },
        ],
      },
    },
    {
      id: "great",
      type: "message",
      position: { x: 900, y: 0 },
      config: { text: "Great, see you soon!" },
    },
  ],
  edges: [
    { id: "e1", source: "start", sourceHandle: "next", target: "hello" },
    { id: "e2", source: "hello", sourceHandle: "next", target: "menu" },
    { id: "e3", source: "menu", sourceHandle: "yes", target: "great" },
  ],
  variables: [],
};

async function dragBetween(page: Page, from: Locator, to: Locator) {
  const a = (await from.boundingBox())!;
  const b = (await to.boundingBox())!;
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 10 });
  await page.mouse.up();
}
