import { expect, test } from "@playwright/test";
import { estimateCardGeometry } from "@/components/flow-editor/card-geometry";
import type { FlowDocument } from "@/lib/flow/document";
import { flowLocales } from "@/lib/flow/localizedText";
import { nodeDefinition } from "@/lib/flow/registry";
import { flowTemplateIds } from "@/lib/flow/templates/ids";
import { LOCALE_COOKIE } from "@/lib/i18n/config";
import enAuth from "../messages/en/auth.json";

/*
 * The canvas gives React Flow each card's size and handle positions before the card is
 * rendered (card-geometry.ts), so that it renders only the cards in view. Those estimates must
 * be what the browser then lays out: else edges to cards out of view end beside their handles.
 * Every card of every template, in both languages, is measured against them.
 */

test("cards are laid out exactly as the canvas estimates them", async ({ page, context }) => {
  await page.goto("/sign-up");
  await page.getByLabel(enAuth.fields.name).fill("Geo Owner");
  await page.getByLabel(enAuth.fields.email).fill(`geometry-${Date.now()}@example.com`);
  await page.getByLabel(enAuth.fields.password, { exact: true }).fill("e2e-password-1234");
  await page.getByLabel(enAuth.fields.workspaceName).fill("Geo shop");
  await page.getByRole("button", { name: enAuth.signUp.submit }).click();
  await expect(page).toHaveURL(/\/bots$/);
  const bot = await page.request.post("/api/v1/bots", {
    data: { name: "Shop bot", token: "123456789:AAtestTokenForTheCardGeometrySpec_01" },
  });
  expect(bot.status()).toBe(201);
  const botId: string = (await bot.json()).bot.id;

  for (const locale of flowLocales) {
    await context.addCookies([{ name: LOCALE_COOKIE, value: locale, url: page.url() }]);
    for (const template of flowTemplateIds) {
      const created = await page.request.post("/api/v1/flows", {
        data: { botId, name: `${template} ${locale}`, template, locale },
      });
      expect(created.status()).toBe(201);
      const flowId: string = (await created.json()).flow.id;
      const draft = await page.request.get(`/api/v1/flows/${flowId}/draft`);
      const flow = (await draft.json()).document as FlowDocument;

      await page.goto(`/bots/${botId}/flows/${flowId}`);
      // A template fits in view, so every card renders and is measured.
      const cards = page.locator(".react-flow__node");
      await expect(cards).toHaveCount(flow.nodes.length);
      const measured = await page.evaluate(() => {
        const viewport = document.querySelector(".react-flow__viewport")!;
        const zoom = new DOMMatrixReadOnly(getComputedStyle(viewport).transform).m22;
        return [...document.querySelectorAll<HTMLElement>(".react-flow__node")].map((card) => {
          const box = card.getBoundingClientRect();
          return {
            id: card.dataset.id!,
            width: box.width / zoom,
            height: box.height / zoom,
            handles: [...card.querySelectorAll(".react-flow__handle")].map((handle) => {
              const h = handle.getBoundingClientRect();
              return {
                id: handle.getAttribute("data-handleid") || null,
                x: (h.left - box.left) / zoom,
                y: (h.top - box.top) / zoom,
              };
            }),
          };
        });
      });

      // Word widths as the editor measures them in the browser (browserWordWidth).
      const words = flow.nodes.flatMap((node) => [
        " ",
        ...(nodeDefinition(node.type)?.summary(node.config, locale) ?? "").split(/\s+/),
      ]);
      const widths = new Map(
        await page.evaluate((words) => {
          const context = document.createElement("canvas").getContext("2d")!;
          context.font = `12px ${getComputedStyle(document.body).fontFamily}`;
          return words.map((w) => [w, context.measureText(w).width] as const);
        }, words),
      );
      const wordWidth = (word: string) => widths.get(word)!;

      for (const card of measured) {
        const node = flow.nodes.find((n) => n.id === card.id)!;
        const estimate = estimateCardGeometry(node.type, node.config, locale, wordWidth);
        const where = `${template} (${locale}), node ${node.id} (${node.type})`;
        expect(card.width, where).toBeCloseTo(estimate.width, 0);
        expect(card.height, where).toBeCloseTo(estimate.height, 0);
        expect(card.handles.length, where).toBe(estimate.handles.length);
        for (const handle of card.handles) {
          const expected = estimate.handles.find((h) => (h.id ?? null) === handle.id);
          expect(expected, `${where}, handle ${handle.id}`).toBeDefined();
          expect(handle.x, `${where}, handle ${handle.id}`).toBeCloseTo(expected!.x, 0);
          expect(handle.y, `${where}, handle ${handle.id}`).toBeCloseTo(expected!.y, 0);
        }
      }
    }
  }
});
