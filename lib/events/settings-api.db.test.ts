import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { journal, workspaces } from "@/lib/db/schema";
import { GET as listRoute, POST as createRoute } from "@/app/api/v1/event-types/route";
import { PATCH as updateRoute } from "@/app/api/v1/event-types/[id]/route";
import { PATCH as workspaceRoute } from "@/app/api/v1/workspace/route";
import { useTestDatabase } from "@/test/db";
import { call, createTestAccount, type TestAccount } from "@/test/http";
import { isTimeZone } from "@/lib/workspaces/time-zone";

/** What Settings → Events sends: event types from the field editor, and the time zone. */
describe("Settings → Events through the API", () => {
  const db = useTestDatabase();
  let owner: TestAccount;
  beforeAll(async () => {
    owner = await createTestAccount(db());
  });
  const create = (body: unknown) =>
    call(createRoute, "/api/v1/event-types", { method: "POST", headers: owner.session, body });
  const issues = async (res: Response) =>
    ((await res.json()) as { error: { details?: { path: string }[] } }).error.details?.map(
      (d) => d.path,
    );

  it("refuses what the field editor must not save, naming the field", async () => {
    const dup = await create({
      name: "parcel.shipped",
      fields: [
        { name: "track", type: "string" },
        { name: "track", type: "number" },
      ],
    });
    expect(dup.status).toBe(422);
    expect(await issues(dup)).toEqual(["fields"]);
    const badName = await create({
      name: "parcel.shipped",
      fields: [{ name: "1st", type: "string" }],
    });
    expect(await issues(badName)).toEqual(["fields.0.name"]);
    const badType = await create({ name: "Parcel Shipped", fields: [{ name: "x", type: "date" }] });
    expect((await issues(badType))?.sort()).toEqual(["fields.0.type", "name"]);
    const list = await call(listRoute, "/api/v1/event-types", { headers: owner.session });
    expect(((await list.json()) as { data: unknown[] }).data).toEqual([]);
  });

  it("declares a type, then changes its fields (the name stays)", async () => {
    const res = await create({
      name: "parcel.shipped",
      description: "Sent to the customer",
      fields: [{ name: "track", type: "string" }],
    });
    expect(res.status).toBe(201);
    const { eventType } = (await res.json()) as { eventType: { id: string } };
    const patched = await call(updateRoute, `/api/v1/event-types/${eventType.id}`, {
      method: "PATCH",
      headers: owner.session,
      params: { id: eventType.id },
      body: {
        fields: [
          { name: "track", type: "string" },
          { name: "cost", type: "money", required: false },
        ],
      },
    });
    expect(patched.status).toBe(200);
    const body = (await patched.json()) as { eventType: { name: string; fields: unknown[] } };
    expect(body.eventType.name).toBe("parcel.shipped");
    expect(body.eventType.fields).toEqual([
      { name: "track", type: "string", required: true },
      { name: "cost", type: "money", required: false },
    ]);
    const renamed = await call(updateRoute, `/api/v1/event-types/${eventType.id}`, {
      method: "PATCH",
      headers: owner.session,
      params: { id: eventType.id },
      body: { name: "parcel.sent" },
    });
    expect(renamed.status).toBe(422);
  });

  it("sets the workspace's time zone to an IANA name only, and journals the change", async () => {
    expect(isTimeZone("Europe/Moscow")).toBe(true);
    expect(isTimeZone("UTC")).toBe(true);
    for (const bad of ["+03:00", "Mars/Olympus", "Europe/Moscow; drop", ""])
      expect(isTimeZone(bad), bad).toBe(false);
    const patch = (body: unknown) =>
      call(workspaceRoute, "/api/v1/workspace", { method: "PATCH", headers: owner.session, body });
    const refused = await patch({ timeZone: "GMT+3" });
    expect(refused.status).toBe(422);
    expect(await issues(refused)).toEqual(["timeZone"]);
    const ok = await patch({ timeZone: "Asia/Novosibirsk" });
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { workspace: { timeZone: string } }).workspace.timeZone).toBe(
      "Asia/Novosibirsk",
    );
    const [ws] = await db().select().from(workspaces).where(eq(workspaces.id, owner.workspaceId));
    expect(ws!.timeZone).toBe("Asia/Novosibirsk");
    const entries = await db()
      .select()
      .from(journal)
      .where(
        and(
          eq(journal.workspaceId, owner.workspaceId),
          eq(journal.kind, "workspace.time_zone_changed"),
        ),
      );
    expect(entries.map((e) => e.data)).toEqual([{ from: "UTC", to: "Asia/Novosibirsk" }]);
  });
});
