import { expect, test } from "@playwright/test";
import enAuth from "../messages/en/auth.json";
import enOrders from "../messages/en/orders.json";
import enPayments from "../messages/en/payments.json";

const STRIPE_KEY = "sk_test_51E2eSpecStripeKey00000000004242";

test("an owner connects Stripe in test mode, sees only a hint of the key, and removes it", async ({
  page,
}) => {
  await page.goto("/sign-up");
  await page.getByLabel(enAuth.fields.name).fill("Pay Owner");
  await page.getByLabel(enAuth.fields.email).fill(`payments-${Date.now()}@example.com`);
  await page.getByLabel(enAuth.fields.password, { exact: true }).fill("e2e-password-1234");
  await page.getByLabel(enAuth.fields.workspaceName).fill("Pay shop");
  await page.getByRole("button", { name: enAuth.signUp.submit }).click();
  await expect(page).not.toHaveURL(/sign-up/);

  // No orders yet: the empty state says what to do next.
  await page.goto("/orders");
  await expect(page.getByText(enOrders.empty.title)).toBeVisible();
  await page.getByRole("link", { name: enOrders.empty.payments }).click();
  await expect(page).toHaveURL(/\/settings\/payments$/);

  // A publishable key is refused next to the field; nothing is saved.
  await page.getByRole("button", { name: `${enPayments.form.connect} Stripe` }).click();
  const dialog = page.getByRole("dialog");
  const key = dialog.getByLabel(enPayments.secretNames.secretKey);
  await key.fill("pk_test_notASecretKey000000");
  await dialog.getByRole("button", { name: enPayments.form.save }).click();
  await expect(dialog.getByText(enPayments.form.invalid.secretKey)).toBeVisible();

  await key.fill(STRIPE_KEY);
  await expect(dialog.getByText("Detected: Test mode")).toBeVisible();
  await dialog.getByRole("button", { name: enPayments.form.save }).click();
  await expect(dialog).toBeHidden();

  const card = page.locator('[aria-labelledby="provider-stripe"]');
  await expect(card.getByText(enPayments.mode.test)).toBeVisible();
  await expect(card.getByText("sk_test_…4242")).toBeVisible();
  // Never shown again: neither in the page nor in what the API answers.
  expect(await page.content()).not.toContain(STRIPE_KEY);
  const listed = await page.request.get("/api/v1/payment-providers");
  expect(listed.ok()).toBe(true);
  expect(await listed.text()).not.toContain(STRIPE_KEY);
  await expect(card.getByText(/\/api\/payments\/stripe\/[0-9a-f-]{36}/)).toBeVisible();
  await expect(card.getByText(enPayments.webhook.missingSecret)).toBeVisible();

  await card.getByRole("button", { name: enPayments.remove.action }).click();
  const confirm = page.getByRole("alertdialog");
  await expect(confirm).toContainText("Remove Stripe?");
  await confirm.getByRole("button", { name: enPayments.remove.confirm }).click();
  await expect(
    page.getByRole("button", { name: `${enPayments.form.connect} Stripe` }),
  ).toBeVisible();
});
