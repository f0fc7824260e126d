import { expect, test } from "@playwright/test";
import enAuth from "../messages/en/auth.json";
import enOrders from "../messages/en/orders.json";
import { ORDERS_OWNER } from "./fixtures/orders-owner";

/*
 * Orders cannot be made through the API: scripts/e2e-server.mjs runs e2e/fixtures/seed-orders.ts
 * into the fresh database first, and this spec signs in as that shop's owner. The Stars refund
 * goes through the real route to the fake Telegram's refundStarPayment.
 */

const refund = enOrders.refund;

test("seeded orders: a status filter, the timeline in order, a Stars refund and a refund marked by hand", async ({
  page,
}) => {
  await page.goto("/sign-in");
  await page.getByLabel(enAuth.fields.email).fill(ORDERS_OWNER.email);
  await page.getByLabel(enAuth.fields.password, { exact: true }).fill(ORDERS_OWNER.password);
  await page.getByRole("button", { name: enAuth.signIn.submit, exact: true }).click();
  await expect(page).not.toHaveURL(/\/sign-in/);

  await page.goto("/orders");
  const table = page.getByRole("table", { name: enOrders.title });
  const rows = table.locator("tbody tr");
  const row = (title: string) => rows.filter({ hasText: title });
  await expect(rows).toHaveCount(8);
  await page
    .getByRole("group", { name: enOrders.columns.status })
    .getByRole("button", { name: enOrders.status.expired, exact: true })
    .click();
  await expect(page).toHaveURL(/status=expired/);
  await expect(rows).toHaveCount(1);
  await expect(row("E-book: Telegram bots")).toContainText(enOrders.status.expired);
  await page.getByRole("button", { name: enOrders.filters.allStatuses, exact: true }).click();
  await expect(rows).toHaveCount(8);

  // A delivered Stars order: its story oldest first, then a refund through Telegram.
  await row("Premium stickers").getByRole("link", { name: "Premium stickers" }).click();
  const timeline = page.getByRole("list", { name: enOrders.page.timeline });
  await expect(timeline.getByRole("listitem")).toHaveText([
    /^Order created for .*250.*Telegram Stars/,
    /^Paid via Telegram Stars/,
    /^Delivered to the buyer/,
  ]);
  await page.getByRole("button", { name: refund.action, exact: true }).click();
  let dialog = page.getByRole("alertdialog");
  await expect(dialog).toContainText(refund.revoke);
  await dialog.getByLabel(refund.reason).fill("Bought by mistake");
  await dialog.getByRole("button", { name: /^Refund .*250/ }).click();
  await expect(dialog).toBeHidden();
  await expect(timeline.getByRole("listitem").last()).toContainText(
    `Refunded by ${ORDERS_OWNER.name}`,
  );
  await expect(timeline.getByRole("listitem").last()).toContainText("Bought by mistake");
  await expect(page.getByRole("button", { name: refund.action, exact: true })).toHaveCount(0);

  // Telegram Payments: the money goes back in the provider's dashboard; Botshop records it.
  await page.goto("/orders");
  await row("Design review").getByRole("link", { name: "Design review" }).click();
  await page.getByRole("button", { name: refund.markAction, exact: true }).click();
  dialog = page.getByRole("alertdialog", { name: refund.markTitle });
  await expect(dialog).toContainText(refund.markSteps);
  await dialog.getByRole("button", { name: refund.markConfirm, exact: true }).click();
  await expect(dialog).toBeHidden();
  await expect(timeline.getByRole("listitem").last()).toContainText(
    `Marked as refunded by ${ORDERS_OWNER.name}`,
  );
  await expect(page.getByText(enOrders.status.refunded, { exact: true }).first()).toBeVisible();
});
