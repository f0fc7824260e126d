import { expect, test, type Page } from "@playwright/test";
import enAuth from "../messages/en/auth.json";
import enCommon from "../messages/en/common.json";
import enNav from "../messages/en/nav.json";
import enSettings from "../messages/en/settings.json";
import ruAuth from "../messages/ru/auth.json";
import ruCommon from "../messages/ru/common.json";

/*
 * The foundation, as a newcomer meets it: an account, an API key, signing out and back in,
 * health, and the second language. Locators use roles and the English catalogue, so a
 * changed string fails here exactly where a user would notice.
 */

const keys = enSettings.apiKeys;
const dialogText = keys.createDialog;
/** ICU placeholders in the catalogue, filled the way next-intl does for plain strings. */
const fill = (message: string, values: Record<string, string>) =>
  message.replace(/\{(\w+)\}/g, (_, name: string) => values[name] ?? "");

test("GET /api/health answers 200 with status ok", async ({ request }) => {
  const res = await request.get("/api/health");
  expect(res.status()).toBe(200);
  const body = await res.json();
  expect(body).toMatchObject({ status: "ok", database: "embedded" });
  expect(body.migrations.applied).toBe(body.migrations.expected);
});

test("the language switch shows the pages in Russian", async ({ page }) => {
  await page.goto("/sign-in");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(enAuth.signIn.title);
  await page
    .getByRole("group", { name: enCommon.language })
    .getByRole("button", { name: enCommon.languages.ru })
    .click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(ruAuth.signIn.title);
  await expect(page.getByRole("button", { name: ruAuth.signIn.submit, exact: true })).toBeVisible();
  // The choice is remembered: a fresh load is still Russian.
  await page.reload();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(ruAuth.signIn.title);
  await expect(page.getByRole("group", { name: ruCommon.language })).toBeVisible();
});

test("sign up, create an API key, sign out, sign in again", async ({ page, request }) => {
  const email = `owner-${Date.now()}@example.com`;
  const password = "e2e-password-1234";

  // Sign up: the new owner lands in the app.
  await page.goto("/sign-up");
  await page.getByLabel(enAuth.fields.name).fill("Erin Owner");
  await page.getByLabel(enAuth.fields.email).fill(email);
  await page.getByLabel(enAuth.fields.password, { exact: true }).fill(password);
  await page.getByLabel(enAuth.fields.workspaceName).fill("Erin's shop");
  await page.getByRole("button", { name: enAuth.signUp.submit }).click();
  await expectInApp(page);

  // Settings → API keys.
  await mainNav(page).getByRole("link", { name: enNav.settings }).click();
  await page
    .getByRole("navigation", { name: enSettings.nav.label })
    .getByRole("link", { name: enSettings.nav.apiKeys })
    .click();
  await expect(page).toHaveURL(/\/settings\/api-keys$/);
  await expect(page.getByText(keys.empty.title)).toBeVisible();

  // Create a key: it is shown once, in the dialog.
  await page.getByRole("button", { name: keys.create }).click();
  const createDialog = page.getByRole("dialog", { name: dialogText.title });
  await createDialog.getByLabel(dialogText.name).fill("E2E script");
  await createDialog.getByRole("button", { name: dialogText.submit }).click();
  const reveal = page.getByRole("dialog", {
    name: fill(dialogText.revealTitle, { name: "E2E script" }),
  });
  const keyField = reveal.getByLabel(dialogText.keyLabel);
  await expect(keyField).toHaveValue(/^bs_[\w-]{43}$/);
  const key = await keyField.inputValue();
  await reveal.getByRole("button", { name: dialogText.done }).click();
  await expect(reveal).toBeHidden();

  // Listed by name and prefix; the full key is nowhere on the page any more.
  const row = page
    .getByRole("table", { name: keys.title })
    .getByRole("row", { name: /E2E script/ });
  await expect(row).toBeVisible();
  await expect(row).toContainText(key.slice(0, 9));
  await expect(row).toContainText(keys.status.active);
  expect(await page.content()).not.toContain(key);

  // The key really works against the API.
  const listed = await request.get("/api/v1/api-keys", {
    headers: { authorization: `Bearer ${key}` },
  });
  expect(listed.status()).toBe(200);
  expect((await listed.json()).data.map((k: { name: string }) => k.name)).toContain("E2E script");

  // Sign out: back to the sign-in page, and the app is closed.
  await page.getByRole("button", { name: enNav.user.menuLabel }).click();
  await page.getByRole("menuitem", { name: enNav.user.signOut }).click();
  await expect(page).toHaveURL(/\/sign-in/);
  await page.goto("/settings/api-keys");
  await expect(page).toHaveURL(/\/sign-in/);

  // Sign in again, and land in the app.
  await page.getByLabel(enAuth.fields.email).fill(email);
  await page.getByLabel(enAuth.fields.password, { exact: true }).fill(password);
  await page.getByRole("button", { name: enAuth.signIn.submit, exact: true }).click();
  await expect(page).not.toHaveURL(/\/sign-in/);
  await expect(mainNav(page)).toBeVisible();
});

function mainNav(page: Page) {
  return page.getByRole("navigation", { name: enNav.mainLabel });
}

async function expectInApp(page: Page) {
  await expect(page).toHaveURL(/\/bots$/);
  await expect(mainNav(page)).toBeVisible();
}
