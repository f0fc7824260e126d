import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import {
  bots,
  contacts,
  conversations,
  deliveries,
  externalEvents,
  journal,
  messages,
  orders,
  sessions,
} from "@/lib/db/schema";
import { encryptSecret } from "@/lib/crypto/secrets";
import { useTestDatabase } from "@/test/db";
import { call, createTestAccount, type TestAccount } from "@/test/http";
import { addTestMember, type TestMember } from "@/test/members";
import * as list from "@/app/api/v1/contacts/route";
import * as one from "@/app/api/v1/contacts/[id]/route";
import * as erase from "@/app/api/v1/contacts/[id]/erase/route";
import * as timeline from "@/app/api/v1/contacts/[id]/timeline/route";
import * as exportCsv from "@/app/api/v1/contacts/export.csv/route";
import * as importCsv from "@/app/api/v1/contacts/import/route";
import * as fields from "@/app/api/v1/contacts/fields/route";
import * as segments from "@/app/api/v1/contacts/segments/route";

describe("contacts", () => {
  const db = useTestDatabase();
  let owner: TestAccount;
  let agent: TestMember;
  let ws: string;
  let botId: string;
  const ids: Record<string, string> = {};
  const day = 86_400_000;
  const t0 = new Date("2026-11-01T10:00:00.000Z");

  beforeAll(async () => {
    owner = await createTestAccount(db());
    ws = owner.workspaceId;
    agent = await addTestMember(db(), ws, "agent", "Agent");
    const [bot] = await db()
      .insert(bots)
      .values({
        workspaceId: ws,
        name: "Shop bot",
        tokenEncrypted: encryptSecret("t"),
        webhookSecretEncrypted: encryptSecret("s"),
        telegramMe: { id: 1, username: "shop_bot", first_name: "Shop" },
      })
      .returning();
    botId = bot!.id;
    const people = [
      {
        key: "anna",
        firstName: "Анна",
        lastName: "Петрова",
        tags: ["vip", "lead"],
        phone: "+79120000001",
      },
      { key: "boris", firstName: "Boris", lastName: null, tags: ["lead"], externalId: "1C-2" },
      { key: "vera", firstName: "Vera", lastName: "=cmd", tags: [], blocked: true },
      { key: "gleb", firstName: "Gleb", lastName: null, tags: ["vip"], languageCode: "en" },
    ];
    for (const [i, p] of people.entries()) {
      const [row] = await db()
        .insert(contacts)
        .values({
          workspaceId: ws,
          botId,
          channelUserId: String(1000 + i),
          firstName: p.firstName,
          lastName: p.lastName,
          username: `${p.key}_tg`,
          languageCode: p.languageCode ?? "ru",
          tags: p.tags,
          phone: p.phone ?? null,
          externalId: p.externalId ?? null,
          blocked: p.blocked ?? false,
          fields: i === 0 ? { city: "Kazan", visits: "3" } : {},
          createdAt: new Date(t0.getTime() + i * day),
          updatedAt: new Date(t0.getTime() + (10 - i) * day),
        })
        .returning();
      ids[p.key] = row!.id;
    }
    for (const [name, type] of [
      ["city", "text"],
      ["visits", "number"],
      ["birthday", "date"],
      ["subscribed", "boolean"],
    ] as const) {
      const res = await call(fields.POST, "/api/v1/contacts/fields", {
        method: "POST",
        headers: owner.session,
        body: { name, label: name, type },
      });
      expect(res.status).toBe(201);
    }
  });

  const get = (path: string, query: Record<string, string> = {}, headers = owner.session) =>
    call(list.GET, path, { headers, query });

  it("lists a filter page by page, in each sort order, with the total", async () => {
    const names = async (query: Record<string, string>) => {
      const seen: string[] = [];
      let cursor: string | null = null;
      let total: number | null = null;
      do {
        const res = await get("/api/v1/contacts", {
          ...query,
          limit: "1",
          ...(cursor ? { cursor } : {}),
        });
        expect(res.status).toBe(200);
        const body = await res.json();
        if (!cursor) total = body.total;
        seen.push(...body.data.map((c: { firstName: string }) => c.firstName));
        cursor = body.nextCursor;
      } while (cursor);
      return { seen, total };
    };
    expect(await names({})).toEqual({ seen: ["Анна", "Boris", "Vera", "Gleb"], total: 4 });
    expect((await names({ sort: "created" })).seen).toEqual(["Gleb", "Vera", "Boris", "Анна"]);
    expect((await names({ sort: "name" })).seen).toEqual(["Boris", "Gleb", "Vera", "Анна"]);
    expect(await names({ filter: JSON.stringify({ tagsAny: ["vip"] }) })).toEqual({
      seen: ["Анна", "Gleb"],
      total: 2,
    });
    expect(
      (await names({ filter: JSON.stringify({ blocked: false, languages: ["ru"], linked: true }) }))
        .seen,
    ).toEqual(["Анна", "Boris"]);
    const bad = await get("/api/v1/contacts", { filter: '{"tagsAny": "vip"}' });
    expect(bad.status).toBe(422);
    const forged = await get("/api/v1/contacts", { cursor: "bm9wZQ" });
    expect((await forged.json()).data).toEqual([]);
  });

  it("checks custom field values against their types and journals the change", async () => {
    const patch = (body: unknown, headers = owner.session) =>
      call(one.PATCH, `/api/v1/contacts/${ids.boris}`, {
        method: "PATCH",
        headers,
        params: { id: ids.boris! },
        body,
      });
    const bad = await patch({
      fields: { visits: "many", birthday: "2026-02-30", subscribed: "yes", shoe_size: "42" },
      timeZone: "Mars/Olympus",
    });
    expect(bad.status).toBe(422);
    expect((await bad.json()).error.details.map((d: { path: string }) => d.path).sort()).toEqual([
      "fields.birthday",
      "fields.shoe_size",
      "fields.subscribed",
      "fields.visits",
      "timeZone",
    ]);

    // Agents edit tags and fields…
    const ok = await patch(
      {
        fields: { visits: "2,5", birthday: "1990-05-17", subscribed: "true" },
        addTags: ["customer"],
        removeTags: ["lead"],
        timeZone: "Europe/Moscow",
        test: true,
      },
      agent.session,
    );
    expect(ok.status).toBe(200);
    const body = await ok.json();
    expect(body.fields).toEqual({ visits: "2.5", birthday: "1990-05-17", subscribed: "true" });
    expect(body.tags).toEqual(["customer"]);
    expect(body).toMatchObject({ timeZone: "Europe/Moscow", test: true });
    // …but not the links to the shop's own records.
    expect((await patch({ externalId: "1C-99" }, agent.session)).status).toBe(403);

    const [entry] = await db()
      .select()
      .from(journal)
      .where(and(eq(journal.contactId, ids.boris!), eq(journal.kind, "contact.updated")));
    expect(entry!.actorId).toBe(agent.userId);
    expect(entry!.data).toMatchObject({
      before: { tags: ["lead"], fields: {}, test: false, timeZone: null },
      after: { tags: ["customer"], test: true, timeZone: "Europe/Moscow" },
    });
  });

  it("exports the filter as CSV, exactly", async () => {
    const res = await call(exportCsv.GET, "/api/v1/contacts/export.csv", {
      headers: owner.session,
      query: { filter: JSON.stringify({ tagsNone: ["customer"] }), sort: "created" },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(await res.arrayBuffer());
    const at = (n: number) => new Date(t0.getTime() + n * day).toISOString();
    expect(text.split("\r\n")).toEqual([
      "\uFEFFid,bot,telegram_id,first_name,last_name,username,phone,external_id,language,tags,birthday,city,subscribed,visits,blocked,created_at,last_activity_at",
      `${ids.gleb},shop_bot,1003,Gleb,,gleb_tg,,,en,vip,,,,,false,${at(3)},${at(7)}`,
      `${ids.vera},shop_bot,1002,Vera,'=cmd,vera_tg,,,ru,,,,,,true,${at(2)},${at(8)}`,
      `${ids.anna},shop_bot,1000,Анна,Петрова,anna_tg,'+79120000001,,ru,vip; lead,,Kazan,,3,false,${at(0)},${at(10)}`,
      "",
    ]);
    // Agents see contacts one by one, not in bulk.
    const asAgent = await call(exportCsv.GET, "/api/v1/contacts/export.csv", {
      headers: agent.session,
    });
    expect(asAgent.status).toBe(403);
  });

  it("imports a CSV: a dry run with every row's errors, then one journaled transaction", async () => {
    const csv = [
      "id;telegram_id;external_id;phone;tags;visits;first_name",
      `${ids.anna};;;'+7 912 000-00-09;"vip; ignored"`,
      ';1003;1C-3;;"vip;gold";7;Renamed',
      ";;1C-2;;;;",
      ";999999;;;x;;",
      `${ids.vera};;;not a phone;;lots;`,
      ";;;;;;Nobody",
    ].join("\n");
    const send = (dryRun: boolean, headers = owner.session) =>
      call(importCsv.POST, "/api/v1/contacts/import", {
        method: "POST",
        headers: { ...headers, "content-type": "text/csv" },
        query: { dryRun: String(dryRun) },
        body: csv,
      });
    expect((await send(true, agent.session)).status).toBe(403);
    const dry = await send(true);
    expect(dry.status).toBe(200);
    const report = await dry.json();
    expect(report).toMatchObject({ dryRun: true, rows: 6, matched: 3 });
    expect(report.errors).toEqual([
      {
        row: 5,
        column: "telegram_id",
        message: expect.stringContaining("a contact appears once the person writes to the bot"),
      },
      { row: 6, column: "visits", message: "Expected a number" },
      { row: 6, column: "phone", message: "Not a phone number" },
      { row: 7, message: "Give an id, a telegram_id or an external_id" },
    ]);
    const before = await db().select().from(contacts).where(eq(contacts.workspaceId, ws));
    expect((await send(false)).status).toBe(422);
    expect(await db().select().from(contacts).where(eq(contacts.workspaceId, ws))).toEqual(before);

    const good = csv.split("\n").slice(0, 4).join("\n");
    const applied = await call(importCsv.POST, "/api/v1/contacts/import", {
      method: "POST",
      headers: { ...owner.session, "content-type": "text/csv" },
      body: good,
    });
    expect(applied.status).toBe(200);
    expect(await applied.json()).toMatchObject({ dryRun: false, rows: 3, matched: 3, changed: 2 });
    const [anna] = await db().select().from(contacts).where(eq(contacts.id, ids.anna!));
    expect(anna).toMatchObject({ phone: "+79120000009", tags: ["vip", "ignored"] });
    const [gleb] = await db().select().from(contacts).where(eq(contacts.id, ids.gleb!));
    expect(gleb).toMatchObject({
      firstName: "Gleb",
      externalId: "1C-3",
      tags: ["vip", "gold"],
      fields: { visits: "7" },
    });
    const kinds = await db()
      .select({ kind: journal.kind, data: journal.data, source: journal.contactId })
      .from(journal)
      .where(and(eq(journal.workspaceId, ws), eq(journal.kind, "contacts.imported")));
    expect(kinds.map((k) => k.data)).toEqual([{ rows: 3, matched: 3, changed: 2 }]);
  });

  it("erases personal data, keeps the orders' amounts, and is for owners only", async () => {
    const id = ids.anna!;
    await db().insert(conversations).values({
      workspaceId: ws,
      botId,
      contactId: id,
      lastMessageText: "my address is …",
    });
    await db()
      .insert(sessions)
      .values({
        contactId: id,
        workspaceId: ws,
        botId,
        variables: { email: "anna@example.com" },
      });
    await db()
      .insert(messages)
      .values([
        {
          workspaceId: ws,
          contactId: id,
          direction: "in",
          author: "contact",
          text: "Hi, I'm Anna",
        },
        { workspaceId: ws, contactId: id, direction: "out", author: "bot", text: "Hello Anna" },
      ]);
    const [order] = await db()
      .insert(orders)
      .values({
        workspaceId: ws,
        botId,
        contactId: id,
        title: "Course",
        productKind: "course",
        amountMinor: 990_00,
        currency: "RUB",
        provider: "stripe",
        status: "paid",
        checkoutUrl: "https://checkout.example/anna",
        idempotencyKey: "erase-1",
      })
      .returning();
    await db()
      .insert(deliveries)
      .values({
        workspaceId: ws,
        orderId: order!.id,
        contactId: id,
        botId,
        method: "course",
        status: "issued",
        data: { lms: "x", accessUrl: "https://lms.example/?email=anna@example.com", reason: null },
      });
    await db()
      .insert(externalEvents)
      .values({
        workspaceId: ws,
        type: "payout.credited",
        idempotencyKey: "e-1",
        requestHash: "h",
        customerPhone: "+79120000009",
        data: { name: "Anna Petrova" },
        occurredAt: new Date(),
        status: "received",
        contactId: id,
      });

    const path = `/api/v1/contacts/${id}/erase`;
    const post = (body: unknown, headers: Record<string, string>) =>
      call(erase.POST, path, { method: "POST", headers, params: { id }, body });
    expect((await post({ confirm: "ERASE" }, agent.session)).status).toBe(403);
    expect((await post({ confirm: "yes" }, owner.session)).status).toBe(422);
    const res = await post({ confirm: "ERASE" }, owner.session);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ messages: 2, orders: 1, deliveries: 1, events: 1 });
    expect((await post({ confirm: "ERASE" }, owner.session)).status).toBe(409);

    const [c] = await db().select().from(contacts).where(eq(contacts.id, id));
    expect(c).toMatchObject({
      channelUserId: `erased:${id}`,
      firstName: "Erased contact",
      lastName: null,
      username: null,
      phone: null,
      externalId: null,
      startPayload: null,
      tags: [],
      fields: {},
      timeZone: null,
    });
    expect(c!.erasedAt).not.toBeNull();
    expect(await db().select().from(messages).where(eq(messages.contactId, id))).toEqual([]);
    expect(await db().select().from(sessions).where(eq(sessions.contactId, id))).toEqual([]);
    const [conv] = await db().select().from(conversations).where(eq(conversations.contactId, id));
    expect(conv!.lastMessageText).toBe("");
    const [o] = await db().select().from(orders).where(eq(orders.id, order!.id));
    expect(o).toMatchObject({
      amountMinor: 990_00,
      currency: "RUB",
      status: "paid",
      contactId: id,
    });
    expect(o!.checkoutUrl).toBeNull();
    const [d] = await db().select().from(deliveries).where(eq(deliveries.orderId, order!.id));
    expect(d!.data).toEqual({ reason: null, erased: true });
    const [e] = await db().select().from(externalEvents).where(eq(externalEvents.contactId, id));
    expect(e).toMatchObject({ customerPhone: null, customerExternalId: null, data: {} });
    const [entry] = await db()
      .select()
      .from(journal)
      .where(and(eq(journal.contactId, id), eq(journal.kind, "contact.erased")));
    expect(entry!.data).toEqual({ messages: 2, orders: 1, deliveries: 1, events: 1 });
    expect(JSON.stringify(entry)).not.toMatch(/Анна|Петрова|anna/i);

    // Gone from every list and segment; its page still opens (its orders point at it).
    const listed = await (await get("/api/v1/contacts")).json();
    expect(listed.data.map((x: { id: string }) => x.id)).not.toContain(id);
    const page = await call(one.GET, `/api/v1/contacts/${id}`, {
      headers: agent.session,
      params: { id },
    });
    expect(await page.json()).toMatchObject({ name: "Erased contact", ordersCount: 1 });
    // And it cannot be edited back.
    const edit = await call(one.PATCH, `/api/v1/contacts/${id}`, {
      method: "PATCH",
      headers: owner.session,
      params: { id },
      body: { tags: ["again"] },
    });
    expect(edit.status).toBe(404);
  });

  it("shows a timeline newest first across sources, paged without repeats", async () => {
    const id = ids.boris!;
    const at = (n: number) => new Date(t0.getTime() + n * 60_000);
    await db()
      .insert(messages)
      .values([
        {
          workspaceId: ws,
          contactId: id,
          direction: "in",
          author: "contact",
          text: "one",
          createdAt: at(1),
        },
        {
          workspaceId: ws,
          contactId: id,
          direction: "out",
          author: "bot",
          text: "two",
          createdAt: at(3),
        },
        {
          workspaceId: ws,
          contactId: id,
          direction: "in",
          author: "contact",
          text: "three",
          createdAt: at(3),
        },
      ]);
    await db()
      .insert(orders)
      .values({
        workspaceId: ws,
        botId,
        contactId: id,
        title: "Book",
        productKind: "file",
        amountMinor: 100,
        currency: "RUB",
        provider: "stars",
        status: "fulfilled",
        idempotencyKey: "tl-1",
        createdAt: at(2),
      });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await call(timeline.GET, `/api/v1/contacts/${id}/timeline`, {
        headers: agent.session,
        params: { id },
        query: { limit: "2", ...(cursor ? { cursor } : {}) },
      });
      expect(res.status).toBe(200);
      const body = await res.json();
      seen.push(
        ...body.data.map((i: { source: string; text?: string; title?: string; kind?: string }) =>
          i.source === "message" ? i.text : i.source === "order" ? i.title : i.kind,
        ),
      );
      cursor = body.nextCursor;
    } while (cursor);
    // The journal entry of the agent's edit is the newest; "three" was written after "two".
    expect(seen).toEqual(["contact.updated", "three", "two", "Book", "one"]);
  });

  it("saves segments with live counts", async () => {
    const res = await call(segments.POST, "/api/v1/contacts/segments", {
      method: "POST",
      headers: owner.session,
      body: { name: "VIPs", filter: { tagsAny: ["vip"] } },
    });
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ name: "VIPs", count: 1 });
    const listed = await call(segments.GET, "/api/v1/contacts/segments", {
      headers: agent.session,
    });
    expect((await listed.json()).data).toMatchObject([{ name: "VIPs", count: 1 }]);
    const asAgent = await call(segments.POST, "/api/v1/contacts/segments", {
      method: "POST",
      headers: agent.session,
      body: { name: "Mine", filter: {} },
    });
    expect(asAgent.status).toBe(403);
  });
});
