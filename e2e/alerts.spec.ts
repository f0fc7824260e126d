import { expect, test } from "@playwright/test";
import enAlerts from "../messages/en/alerts.json";
import ruAlerts from "../messages/ru/alerts.json";
import { signUp } from "./fixtures/shop";

/*
 * Settings → Alerts against the fake Telegram of scripts/e2e-server.mjs (it takes any
 * well-formed token; the e2e server runs the alert checks every 10 seconds). The server has no
 * SMTP_URL, so email is "not set up". Screenshots land in test-results/ for review.
 */
const TOKEN = "777111222:AAalertsSpecBotToken_0123456789abcd";
const STAFF_CHAT = "-1001234567890";

test.setTimeout(120_000);

test("an owner sends alerts to a bot's staff chat, tests them, and sees an incident open", async ({
  page,
}) => {
  await signUp(page, "Alert Owner", "Alert shop");
  const created = await page.request.post("/api/v1/bots", {
    data: { name: "Shop bot", token: TOKEN },
  });
  expect(created.status()).toBe(201);
  const { bot } = (await created.json()) as { bot: { id: string } };
  const support = await page.request.patch(`/api/v1/bots/${bot.id}/support`, {
    data: { staffChatId: STAFF_CHAT },
  });
  expect(support.ok()).toBe(true);

  await page.goto("/settings/alerts");
  await expect(page.getByRole("heading", { name: enAlerts.title })).toBeVisible();
  await expect(page.getByText(enAlerts.incidents.empty.title)).toBeVisible();
  // Nothing saved yet: the test waits for a destination.
  await expect(page.getByRole("button", { name: enAlerts.test.button })).toBeDisabled();
  await page.screenshot({ path: "test-results/alerts-empty-en.png", fullPage: true });

  // A wrong chat id is refused next to the field.
  await page.getByLabel(enAlerts.telegram.bot).click();
  await page.getByRole("option", { name: /Shop bot/ }).click();
  await page.getByLabel(enAlerts.telegram.chat).fill("not a chat");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText(enAlerts.errors.chatId)).toBeVisible();

  // The staff chat of the bot, one click away.
  await page
    .getByRole("button", { name: enAlerts.telegram.useStaffChat.replace("{bot}", "Shop bot") })
    .click();
  await expect(page.getByLabel(enAlerts.telegram.chat)).toHaveValue(STAFF_CHAT);
  await page.getByLabel(enAlerts.email.address).fill("owner@example.com");
  await expect(page.getByText(enAlerts.email.noSmtp)).toBeVisible();
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText(enAlerts.saved)).toBeVisible();

  await page.getByRole("button", { name: enAlerts.test.button }).click();
  const outcome = page.getByRole("status", { name: enAlerts.test.title });
  await expect(outcome).toContainText(`${enAlerts.test.telegram}: ${enAlerts.test.sent}`);
  await expect(outcome).toContainText(`${enAlerts.test.email}: ${enAlerts.test.not_configured}`);
  await page.screenshot({ path: "test-results/alerts-saved-en.png", fullPage: true });

  // A license-key product with no keys: the next check opens an incident.
  const product = await page.request.post("/api/v1/products", {
    data: { title: "Pro licence", priceMinor: 49900, currency: "RUB", kind: "license_key" },
  });
  expect(product.status()).toBe(201);
  await expect
    .poll(
      async () => {
        const res = await page.request.get("/api/v1/alerts/incidents");
        return ((await res.json()) as { data: { kind: string }[] }).data.map((i) => i.kind);
      },
      { timeout: 60_000 },
    )
    .toEqual(["key_pool_low"]);
  await page.reload();
  await expect(page.getByText(enAlerts.kinds.key_pool_low.title, { exact: true })).toBeVisible();
  await expect(page.getByText("Pro licence: no unused keys left (threshold 5)")).toBeVisible();
  await expect(page.getByText(enAlerts.incidents.open, { exact: true })).toBeVisible();
  await page.screenshot({ path: "test-results/alerts-incident-en.png", fullPage: true });

  // The same page in Russian, and on a phone.
  await page.context().addCookies([{ name: "NEXT_LOCALE", value: "ru", url: page.url() }]);
  await page.reload();
  await expect(page.getByRole("heading", { name: ruAlerts.title })).toBeVisible();
  await expect(page.getByText(ruAlerts.kinds.key_pool_low.title, { exact: true })).toBeVisible();
  await page.screenshot({ path: "test-results/alerts-incident-ru.png", fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: "test-results/alerts-mobile-ru.png", fullPage: true });
});
