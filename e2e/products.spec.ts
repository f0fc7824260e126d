import { expect, test } from "@playwright/test";
import enProducts from "../messages/en/products.json";
import { signUp } from "./fixtures/shop";

const form = enProducts.form;
const delivery = enProducts.delivery;
const keys = enProducts.keys;

test("an owner sells a course for roubles and stickers for Stars, edits, archives and deletes", async ({
  page,
}) => {
  await signUp(page, "Product Owner", "Product shop");
  await page.goto("/products");

  // First run: the empty state leads to the form.
  await page.getByRole("button", { name: enProducts.empty.action }).click();
  let dialog = page.getByRole("dialog", { name: form.createTitle });
  await expect(dialog).toContainText(form.pricingHelp);
  await dialog.getByLabel(form.title).fill("Bot-building course");
  await dialog.getByText(form.external, { exact: true }).click();
  // A Russian keyboard's comma is a decimal point; kopecks beyond two digits are refused.
  await dialog.getByLabel(form.price, { exact: true }).fill("4990,505");
  await dialog.getByRole("button", { name: form.create }).click();
  await expect(dialog.getByText("At most 2 digits after the point for RUB.")).toBeVisible();
  await dialog.getByLabel(form.price, { exact: true }).fill("4990,50");
  await dialog.getByRole("button", { name: form.create }).click();
  await expect(dialog).toBeHidden();

  const table = page.getByRole("table", { name: enProducts.listLabel });
  const row = (title: string) => table.getByRole("row").filter({ hasText: title });
  await expect(row("Bot-building course")).toContainText("RUB 4,990.50");
  await expect(row("Bot-building course")).toContainText(enProducts.sellsIn.external);

  // Stars are the default way to be paid.
  await page.getByRole("button", { name: enProducts.newProduct }).click();
  dialog = page.getByRole("dialog", { name: form.createTitle });
  await dialog.getByLabel(form.title).fill("Sticker pack");
  await dialog.getByLabel(form.priceStars).fill("50");
  await dialog.getByRole("button", { name: form.create }).click();
  await expect(row("Sticker pack")).toContainText(enProducts.sellsIn.stars);

  // Edit: the dialog opens with the product's values.
  await row("Sticker pack").getByRole("button", { name: "Sticker pack", exact: true }).click();
  dialog = page.getByRole("dialog", { name: "Edit “Sticker pack”" });
  await expect(dialog.getByLabel(form.priceStars)).toHaveValue("50");
  await dialog.getByLabel(form.priceStars).fill("75");
  await dialog.getByRole("button", { name: form.save }).click();
  await expect(row("Sticker pack")).toContainText("75");

  // License keys: delivery settings, then keys pasted into the pool become the stock.
  await page.getByRole("button", { name: enProducts.newProduct }).click();
  dialog = page.getByRole("dialog", { name: form.createTitle });
  await dialog.getByLabel(form.title).fill("Game key");
  await dialog.getByLabel(form.priceStars).fill("20");
  await dialog.getByRole("combobox", { name: form.kind }).click();
  await page.getByRole("option", { name: enProducts.kinds.license_key }).click();
  await expect(dialog.getByLabel(form.stock)).toHaveCount(0);
  await dialog.getByLabel(delivery.lowStockAt).fill("2");
  await dialog.getByText(delivery.outOfStockRefund, { exact: true }).click();
  await expect(dialog).toContainText(delivery.keysAfterSave);
  await dialog.getByRole("button", { name: form.create }).click();
  await expect(row("Game key")).toContainText("Sold out");
  await row("Game key").getByRole("button", { name: "Game key", exact: true }).click();
  dialog = page.getByRole("dialog", { name: "Edit “Game key”" });
  await expect(dialog.getByLabel(delivery.lowStockAt)).toHaveValue("2");
  await expect(
    dialog.getByRole("radio", { name: new RegExp(delivery.outOfStockRefund) }),
  ).toBeChecked();
  const pool = dialog.getByTestId("key-pool");
  await expect(pool.getByTestId("key-stock")).toHaveText("No keys left to sell");
  await pool.getByLabel(keys.paste).fill("GAME-0001\nGAME-0002\n\nGAME-0001\n");
  await pool.getByRole("button", { name: "Add 3 keys" }).click();
  await expect(pool.getByTestId("key-result")).toHaveText("2 added, 1 duplicate skipped");
  await expect(pool.getByTestId("key-stock")).toHaveText("2 keys left to sell");
  await expect(pool.getByRole("list", { name: keys.listLabel }).getByRole("listitem")).toHaveText([
    /••••0002/,
    /••••0001/,
  ]);
  await page.keyboard.press("Escape");
  await expect(row("Game key")).toContainText("2 left");

  // Archive: off the "On sale" list, on the "Archived" one.
  await row("Bot-building course")
    .getByRole("button", { name: "Actions for Bot-building course" })
    .click();
  await page.getByRole("menuitem", { name: enProducts.archive }).click();
  await expect(row("Bot-building course")).toHaveCount(0);
  await page.getByRole("radio", { name: enProducts.filter.archived }).click();
  await expect(row("Bot-building course")).toContainText(enProducts.status.archived);

  // Delete asks first.
  await page.getByRole("radio", { name: enProducts.filter.all }).click();
  await row("Sticker pack").getByRole("button", { name: "Actions for Sticker pack" }).click();
  await page.getByRole("menuitem", { name: "Delete" }).click();
  const confirm = page.getByRole("alertdialog");
  await expect(confirm).toContainText("Delete “Sticker pack”?");
  await confirm.getByRole("button", { name: enProducts.delete.confirm }).click();
  await expect(row("Sticker pack")).toHaveCount(0);
  await expect(row("Bot-building course")).toHaveCount(1);
});
