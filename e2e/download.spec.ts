import { expect, test } from "@playwright/test";
import enDownload from "../messages/en/download.json";
import { SEEDED_DOWNLOAD_FILE, SEEDED_DOWNLOAD_TOKEN } from "./fixtures/orders-owner";

/*
 * The buyer's side of a one-time download link (seeded by e2e/fixtures/seed-orders.ts): the
 * page shows what the link gives without using it up; the button downloads the file once; the
 * link then says it has been used.
 */
test("a one-time download link: the page, one download, then 'already used'", async ({ page }) => {
  await page.goto(`/d/${SEEDED_DOWNLOAD_TOKEN}`);
  await expect(page.getByRole("heading", { name: enDownload.ready.heading })).toBeVisible();
  await expect(page.getByText(SEEDED_DOWNLOAD_FILE.name)).toBeVisible();
  // Opening the page again (a link preview, a reload) uses nothing up.
  await page.reload();
  await expect(page.getByText("1 download left")).toBeVisible();

  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("button", { name: enDownload.ready.button }).click(),
  ]);
  expect(download.suggestedFilename()).toBe(SEEDED_DOWNLOAD_FILE.name);
  const chunks: Buffer[] = [];
  for await (const chunk of await download.createReadStream()) chunks.push(chunk as Buffer);
  expect(Buffer.concat(chunks).toString("utf8")).toBe(SEEDED_DOWNLOAD_FILE.content);

  await page.goto(`/d/${SEEDED_DOWNLOAD_TOKEN}`);
  await expect(page.getByRole("heading", { name: enDownload.refused.used.title })).toBeVisible();
  await expect(page.getByRole("button", { name: enDownload.ready.button })).toHaveCount(0);
});
