import { expect, test, type Locator, type Page } from "@playwright/test";
import enAuth from "../messages/en/auth.json";
import en from "../messages/en/analytics.json";
import { ANALYTICS_OWNER } from "./fixtures/analytics-owner";

/*
 * scripts/e2e-server.mjs runs e2e/fixtures/seed-analytics.ts (the seed of test/analytics.ts) into
 * the fresh database; lib/analytics/dashboard.db.test.ts works out the same figures by hand.
 * The page must show exactly those, for 1–14 March 2026 in Europe/Moscow.
 */

async function signIn(page: Page) {
  await page.goto("/sign-in");
  await page.getByLabel(enAuth.fields.email).fill(ANALYTICS_OWNER.email);
  await page.getByLabel(enAuth.fields.password, { exact: true }).fill(ANALYTICS_OWNER.password);
  await page.getByRole("button", { name: enAuth.signIn.submit, exact: true }).click();
  await expect(page).not.toHaveURL(/\/sign-in/);
}

/** The bar of one label ("Mar 1", not "Mar 10"). */
const row = (list: Locator, label: string) =>
  list.getByRole("listitem").filter({ has: list.page().getByText(label, { exact: true }) });
/** One figure of a <dl>: its label and value. */
const figure = (dl: Locator, label: string) =>
  dl.locator("div", { has: dl.page().getByText(label, { exact: true }) });

test("the dashboard shows the seeded shop's figures, per bot and per week", async ({ page }) => {
  // Four full dashboards computed on the embedded database: more than the default minute when
  // the machine is busy.
  test.slow();
  await signIn(page);
  await page.goto("/analytics?from=2026-03-01&to=2026-03-14");

  // The first load computes every panel on the embedded database: slow on a busy machine.
  await expect(page.getByText("Mar 1, 2026 – Mar 14, 2026 · Europe/Moscow")).toBeVisible({
    timeout: 30_000,
  });
  const cards = page.getByRole("region", { name: en.title });
  await expect(cards).toContainText(/15,300\.00/);
  await expect(cards).toContainText("$12.99");
  // Not followed by another digit: 6, not 60.
  await expect(cards).toContainText(new RegExp(`${en.cards.paidOrders}6(?!\\d)`));
  await expect(cards).toContainText(new RegExp(`${en.cards.newContacts}7(?!\\d)`));
  await expect(cards).toContainText(`${en.cards.openConversations}32 waiting · 1 with an agent`);

  // Revenue per currency and day; Clara's stars were paid at 00:45 on 3 March in Moscow.
  const rub = page.getByRole("list", { name: `${en.cards.revenue} RUB` });
  await expect(row(rub, "Mar 1")).toHaveText("Mar 1RUB 4,900.00");
  await expect(row(rub, "Mar 8")).toHaveText("Mar 8RUB 2,500.00");
  await expect(row(rub, "Mar 10")).toHaveText("Mar 10RUB 3,000.00");
  await expect(row(rub, "Mar 4")).toHaveText("Mar 4RUB 0.00");
  const stars = page.getByRole("list", { name: `${en.cards.revenue} XTR` });
  await expect(row(stars, "Mar 3")).toHaveText("Mar 3150 Telegram Stars");
  await expect(row(stars, "Mar 2")).toHaveText(/^Mar 20 Telegram Stars$/);

  const statuses = page.getByRole("list", { name: en.statuses.title });
  await expect(row(statuses, "Delivered")).toHaveText("Delivered4");
  await expect(row(statuses, "Paid")).toHaveText("Paid2");
  await expect(row(statuses, "Refunded")).toHaveText("Refunded1");

  const funnel = page.getByRole("list", { name: en.funnel.title });
  await expect(funnel.getByRole("listitem")).toHaveText([
    `${en.funnel.started}7`,
    `${en.funnel.checkout}685.7% of started`,
    `${en.funnel.paid}571.4% of started`,
    `${en.funnel.delivered}342.9% of started`,
  ]);

  const products = page.getByRole("table", { name: en.products.title });
  await expect(products.locator("tbody tr")).toHaveCount(4);
  await expect(products.locator("tbody tr").first()).toContainText(/Python course3.*12,300\.00/);

  const broadcasts = page.getByRole("table", { name: en.broadcasts.title });
  await expect(broadcasts.locator("tbody tr")).toHaveCount(2);
  const sale = broadcasts.locator("tbody tr").filter({ hasText: "March sale" });
  await expect(sale.locator("td").nth(2)).toHaveText("5");
  await expect(sale.locator("td").nth(3)).toHaveText("3");
  await expect(sale.locator("td").nth(4)).toHaveText("1");
  await expect(sale.locator("td").nth(5)).toHaveText("1");
  await expect(sale.locator("td").nth(6)).toHaveText("43 people");

  const erp = page.locator("dl", { has: page.getByText(en.events.rate) });
  await expect(figure(erp, en.events.received)).toHaveText(`${en.events.received}8`);
  await expect(figure(erp, en.events.delivered)).toHaveText(`${en.events.delivered}3`);
  await expect(figure(erp, en.events.failed)).toHaveText(`${en.events.failed}3`);
  await expect(figure(erp, en.events.waiting)).toHaveText(`${en.events.waiting}2`);
  await expect(figure(erp, en.events.rate)).toHaveText(`${en.events.rate}37.5%`);
  await expect(figure(erp, en.events.median)).toHaveText(`${en.events.median}4 sec`);
  await expect(figure(erp, en.events.p95)).toHaveText(`${en.events.p95}9.4 sec`);

  const agents = page.getByRole("table", { name: en.agents.title });
  await expect(agents.locator("tbody tr")).toHaveText([
    /^Olga222\s*2 min \/ 2 min\s*15 min \/ 15 min$/,
    /^Pavel110\s*30 sec \/ 30 sec\s*—$/,
  ]);
  await expect(page.getByText("1 hand-off still waiting for an agent")).toBeVisible();

  // One bot: the second bot sold one design review.
  await page.getByRole("combobox", { name: en.filters.bot }).click();
  await page.getByRole("option", { name: "Second bot" }).click();
  await expect(page).toHaveURL(/bot=/);
  await expect(page.getByRole("list", { name: `${en.cards.revenue} RUB` })).toBeVisible();
  await expect(page.getByRole("list", { name: `${en.cards.revenue} XTR` })).toHaveCount(0);
  await expect(page.getByRole("list", { name: en.funnel.title }).getByRole("listitem")).toHaveText([
    `${en.funnel.started}1`,
    `${en.funnel.checkout}1100% of started`,
    `${en.funnel.paid}1100% of started`,
    `${en.funnel.delivered}00% of started`,
  ]);

  // Back to all bots, per ISO week: Sunday 8 March is in the week of 2 March.
  await page.getByRole("combobox", { name: en.filters.bot }).click();
  await page.getByRole("option", { name: en.filters.allBots }).click();
  await page
    .getByRole("group", { name: en.filters.bucket })
    .getByRole("button", { name: en.filters.week })
    .click();
  const weekly = page.getByRole("list", { name: `${en.cards.revenue} RUB` });
  await expect(weekly.getByRole("listitem")).toHaveCount(3);
  await expect(row(weekly, "Week of Feb 23")).toHaveText("Week of Feb 23RUB 4,900.00");
  await expect(row(weekly, "Week of Mar 2")).toHaveText("Week of Mar 2RUB 7,400.00");
  await expect(row(weekly, "Week of Mar 9")).toHaveText("Week of Mar 9RUB 3,000.00");

  // A quiet period: the empty state, the open conversations still counted.
  await page.goto("/analytics?from=2025-06-01&to=2025-06-03");
  await expect(page.getByText(en.empty.title)).toBeVisible();
});
