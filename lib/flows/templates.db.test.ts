import { beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "@/test/db";
import { createTestShop } from "@/test/flows";
import { call, type TestAccount } from "@/test/http";
import { flowLocales } from "@/lib/flow/localizedText";
import { flowTemplates } from "@/lib/flow/templates";
import * as collection from "@/app/api/v1/flows/route";
import * as draft from "@/app/api/v1/flows/[id]/draft/route";
import * as publish from "@/app/api/v1/flows/[id]/publish/route";

describe("creating flows from templates", () => {
  const db = useTestDatabase();
  let owner: TestAccount;
  let botId: string;

  beforeAll(async () => {
    ({ owner, botId } = await createTestShop(db(), "Template bot"));
  });

  const create = (body: Record<string, unknown>) =>
    call(collection.POST, "/api/v1/flows", { method: "POST", headers: owner.apiKey, body });

  for (const template of flowTemplates) {
    for (const locale of flowLocales) {
      it(`creates "${template.id}" in ${locale} and publishes it as created`, async () => {
        const res = await create({
          botId,
          name: template.name[locale],
          template: template.id,
          locale,
        });
        expect(res.status).toBe(201);
        const id: string = (await res.json()).flow.id;
        const d = await (
          await call(draft.GET, `/api/v1/flows/${id}/draft`, {
            headers: owner.apiKey,
            params: { id },
          })
        ).json();
        expect(d.revision).toBe(1);
        expect(d.document).toEqual(JSON.parse(JSON.stringify(template.build(locale))));
        const published = await call(publish.POST, `/api/v1/flows/${id}/publish`, {
          method: "POST",
          headers: owner.session,
          params: { id },
          body: { baseRevision: 1 },
        });
        expect(published.status).toBe(201);
        expect((await published.json()).warnings).toEqual([]);
      });
    }
  }

  it("writes the template's texts in English when no locale is given", async () => {
    const res = await create({ botId, name: "FAQ", template: "support-faq" });
    expect(res.status).toBe(201);
    const id: string = (await res.json()).flow.id;
    const d = await (
      await call(draft.GET, `/api/v1/flows/${id}/draft`, { headers: owner.apiKey, params: { id } })
    ).json();
    expect(d.document).toEqual(
      JSON.parse(JSON.stringify(flowTemplates.find((t) => t.id === "support-faq")?.build("en"))),
    );
  });

  it("refuses an unknown template or locale", async () => {
    expect((await create({ botId, name: "X", template: "nope" })).status).toBe(422);
    expect((await create({ botId, name: "X", template: "support-faq", locale: "de" })).status).toBe(
      422,
    );
  });
});
