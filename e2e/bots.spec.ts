import { expect, test } from "@playwright/test";
import enBots from "../messages/en/bots.json";
import { signUp } from "./fixtures/shop";

/*
 * Connecting a bot against the fake Telegram that scripts/e2e-server.mjs runs: it takes any
 * well-formed token as a bot whose id is the token's digits (username test_<id>_bot), and
 * refuses tokens whose secret starts with "AAunknown" as Telegram refuses an unknown token.
 */
const UNKNOWN_TOKEN = "555666777:AAunknownTokenForTheBotsSpec_012345";
const TOKEN = "555666777:AAgoodTokenForTheBotsSpec_0123456789";
const OTHER_BOT_TOKEN = "888999000:AAanotherBotTokenForTheBotsSpec_0123";

test("an owner connects a bot, checks and repairs its webhook, and moves it to another bot", async ({
  page,
}) => {
  await signUp(page, "Bot Owner", "Bot shop");
  const connection = enBots.connection;

  // A token Telegram does not know: refused next to the field, nothing added.
  await page.getByRole("button", { name: enBots.addBot }).first().click();
  const dialog = page.getByRole("dialog", { name: enBots.add.title });
  await dialog.getByLabel(enBots.add.name).fill("Shop bot");
  await dialog.getByLabel(enBots.add.token).fill(UNKNOWN_TOKEN);
  await dialog.getByRole("button", { name: enBots.add.submit }).click();
  await expect(dialog.getByText(/Telegram does not accept this bot token/)).toBeVisible();

  // The right one: checked, connected, and the bot's page shows Telegram's view of it.
  await dialog.getByLabel(enBots.add.token).fill(TOKEN);
  await dialog.getByRole("button", { name: enBots.add.submit }).click();
  await expect(page).toHaveURL(/\/bots\/[0-9a-f-]{36}$/);
  const botId = page.url().split("/").at(-1)!;
  await expect(page.getByRole("heading", { level: 1, name: "Shop bot" })).toBeVisible();
  await expect(page.getByText("@test_555666777_bot on Telegram")).toBeVisible();
  await expect(page.getByText(connection.status.ok)).toBeVisible();
  await expect(page.getByText(`/api/telegram/${botId}`)).toBeVisible();
  await expect(page.getByText(connection.urlMatches)).toBeVisible();
  await expect(page.getByText(enBots.identity.tokenStored)).toBeVisible();
  // The token is never shown again: neither in the page nor in what the API answers.
  expect(await page.content()).not.toContain(TOKEN);
  const stored = await page.request.get(`/api/v1/bots/${botId}`);
  expect(stored.ok()).toBe(true);
  expect(await stored.text()).not.toContain(TOKEN);

  // Disconnect asks first, then Telegram stops delivering here.
  await page.getByRole("button", { name: connection.disconnect }).click();
  const confirm = page.getByRole("alertdialog");
  await expect(confirm).toContainText("Disconnect “Shop bot” from Telegram?");
  await confirm.getByRole("button", { name: connection.disconnectConfirm }).click();
  await expect(page.getByText(connection.status.not_set, { exact: true }).first()).toBeVisible();
  await expect(page.getByText(connection.urlNone, { exact: true })).toBeVisible();

  // Connect again.
  await page.getByRole("button", { name: connection.connect }).click();
  await expect(page.getByText(connection.registered)).toBeVisible();
  await expect(page.getByText(connection.status.ok)).toBeVisible();

  // Another bot's token is accepted, with a warning naming both bots.
  await page.getByRole("button", { name: enBots.replaceToken.action }).first().click();
  const replace = page.getByRole("dialog");
  await replace.getByLabel(enBots.replaceToken.token).fill(OTHER_BOT_TOKEN);
  await replace.getByRole("button", { name: enBots.replaceToken.submit }).click();
  await expect(
    page.getByText("This token belongs to @test_888999000_bot, not @test_555666777_bot"),
  ).toBeVisible();
  await expect(page.getByText("@test_888999000_bot on Telegram")).toBeVisible();
  await expect(page.getByText(connection.status.ok)).toBeVisible();

  // The list shows it connected, and links back to the page.
  await page.getByRole("link", { name: enBots.page.backToBots }).click();
  const row = page.getByRole("list", { name: enBots.listLabel }).getByRole("listitem");
  await expect(row).toHaveCount(1);
  await expect(row).toContainText("@test_888999000_bot");
  await expect(row).toContainText(enBots.connected);
  await row.getByRole("link", { name: "Shop bot" }).click();
  await expect(page).toHaveURL(new RegExp(`/bots/${botId}$`));
});
