import { describe, expect, it } from "vitest";
import { bots, contacts, orders } from "@/lib/db/schema";
import { encryptSecret } from "@/lib/crypto/secrets";
import { useTestDatabase } from "@/test/db";
import { createTestAccount } from "@/test/http";
import { segmentWhere, type SegmentFilter } from "./segments";

describe("segments", () => {
  const db = useTestDatabase();

  it("select the contacts every condition holds for, never erased ones", async () => {
    const owner = await createTestAccount(db());
    const ws = owner.workspaceId;
    const [bot, other] = await db()
      .insert(bots)
      .values(
        ["a", "b"].map((name) => ({
          workspaceId: ws,
          name,
          tokenEncrypted: encryptSecret("t"),
          webhookSecretEncrypted: encryptSecret("s"),
        })),
      )
      .returning();
    const old = new Date(Date.now() - 40 * 86_400_000);
    const rows = await db()
      .insert(contacts)
      .values([
        {
          workspaceId: ws,
          botId: bot!.id,
          channelUserId: "1",
          firstName: "Anna",
          tags: ["vip", "lead"],
          languageCode: "ru",
          fields: { city: "Kazan" },
          phone: "+79120000001",
        },
        {
          workspaceId: ws,
          botId: bot!.id,
          channelUserId: "2",
          firstName: "Boris",
          tags: ["lead"],
          languageCode: "en",
          blocked: true,
          updatedAt: old,
        },
        {
          workspaceId: ws,
          botId: other!.id,
          channelUserId: "3",
          firstName: "Vera",
          tags: [],
          languageCode: "ru-RU",
          test: true,
          externalId: "1C-3",
        },
        {
          workspaceId: ws,
          botId: bot!.id,
          channelUserId: "4",
          firstName: "Gone",
          tags: ["vip"],
          erasedAt: new Date(),
        },
      ])
      .returning();
    await db().insert(orders).values({
      workspaceId: ws,
      contactId: rows[0]!.id,
      title: "Book",
      productKind: "file",
      amountMinor: 100,
      currency: "RUB",
      provider: "stripe",
      status: "paid",
      idempotencyKey: "seg-1",
    });
    const names = async (filter: SegmentFilter) =>
      (
        await db()
          .select({ name: contacts.firstName })
          .from(contacts)
          .where(segmentWhere(ws, filter))
          .orderBy(contacts.firstName)
      ).map((r) => r.name);

    expect(await names({})).toEqual(["Anna", "Boris", "Vera"]);
    expect(await names({ botId: bot!.id })).toEqual(["Anna", "Boris"]);
    expect(await names({ tagsAll: ["vip", "lead"] })).toEqual(["Anna"]);
    expect(await names({ tagsAny: ["vip", "lead"] })).toEqual(["Anna", "Boris"]);
    expect(await names({ tagsNone: ["lead"] })).toEqual(["Vera"]);
    expect(await names({ fields: [{ name: "city", op: "equals", value: "Kazan" }] })).toEqual([
      "Anna",
    ]);
    expect(await names({ fields: [{ name: "city", op: "not_set" }] })).toEqual(["Boris", "Vera"]);
    expect(await names({ purchased: true })).toEqual(["Anna"]);
    expect(await names({ purchased: false })).toEqual(["Boris", "Vera"]);
    expect(await names({ inactiveForDays: 30 })).toEqual(["Boris"]);
    expect(await names({ activeWithinDays: 30 })).toEqual(["Anna", "Vera"]);
    expect(await names({ languages: ["ru"] })).toEqual(["Anna", "Vera"]);
    expect(await names({ blocked: false, test: false })).toEqual(["Anna"]);
    expect(await names({ linked: true })).toEqual(["Anna", "Vera"]);
    expect(await names({ search: "bor" })).toEqual(["Boris"]);
    expect(await names({ search: "%" })).toEqual([]);
  });
});
