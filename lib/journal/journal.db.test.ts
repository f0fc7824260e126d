import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { useTestDatabase } from "@/test/db";
import { call, createTestAccount, type TestAccount } from "@/test/http";
import { addTestMember } from "@/test/members";
import type { Db } from "@/lib/db";
import { journal, users } from "@/lib/db/schema";
import { recordJournal } from "./record";
import * as list from "@/app/api/v1/journal/route";
import * as exporter from "@/app/api/v1/journal/export/route";

const CONTACT = "11111111-1111-4111-8111-111111111111";
const ORDER = "22222222-2222-4222-8222-222222222222";

/** A small RFC 4180 reader, to read the export back the way a spreadsheet would. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(cell);
      cell = "";
    } else if (c === "\r" && text[i + 1] === "\n") {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
      i++;
    } else cell += c;
  }
  if (cell || row.length) rows.push([...row, cell]);
  return rows;
}

/** The export's bytes, checked for the UTF-8 BOM Excel needs, as rows. */
function csvRows(bytes: Uint8Array): string[][] {
  expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  return parseCsv(new TextDecoder("utf-8", { ignoreBOM: false }).decode(bytes));
}

async function readCsv(res: Response): Promise<string[][]> {
  return csvRows(new Uint8Array(await res.arrayBuffer()));
}

async function seed(db: Db, owner: TestAccount) {
  const ws = owner.workspaceId;
  const user = { type: "user", id: owner.userId } as const;
  const key = { type: "api_key", id: owner.apiKeyId } as const;
  await recordJournal(db, {
    workspaceId: ws,
    actor: user,
    kind: "order.created",
    orderId: ORDER,
    contactId: CONTACT,
  });
  await recordJournal(db, {
    workspaceId: ws,
    actor: { type: "system" },
    kind: "order.paid",
    orderId: ORDER,
  });
  await recordJournal(db, { workspaceId: ws, actor: key, kind: "orders.archived" });
  await recordJournal(db, { workspaceId: ws, actor: key, kind: "apiXkey.rotated" });
  await recordJournal(db, {
    workspaceId: ws,
    actor: { type: "contact", id: CONTACT },
    kind: "contact.blocked",
    contactId: CONTACT,
  });
}

describe("journal", () => {
  const db = useTestDatabase();

  const get = (owner: TestAccount, query: Record<string, string> = {}) =>
    call(list.GET, "/api/v1/journal", { headers: owner.session, query });

  it("lists newest first with actor names and every kind present", async () => {
    const owner = await createTestAccount(db(), "Nadia");
    await seed(db(), owner);
    const res = await get(owner);
    expect(res.status).toBe(200);
    const body = await res.json();
    const ids = body.data.map((e: { id: number }) => e.id);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    const byKind = Object.fromEntries(body.data.map((e: { kind: string }) => [e.kind, e]));
    expect(byKind["order.created"]).toMatchObject({
      actorType: "user",
      actorName: "Nadia",
      orderId: ORDER,
      contactId: CONTACT,
    });
    expect(byKind["orders.archived"]).toMatchObject({ actorType: "api_key", actorName: "test" });
    expect(byKind["order.paid"]).toMatchObject({ actorType: "system", actorName: null });
    expect(typeof byKind["order.paid"].at).toBe("string");
    expect(body.kinds).toEqual([...new Set(body.kinds)].sort());
    expect(body.kinds).toEqual(
      expect.arrayContaining([
        "order.created",
        "order.paid",
        "workspace.created",
        "api_key.created",
      ]),
    );
    expect(body.nextCursor).toBeNull();
  });

  it("filters by exact kind, by prefix (wildcards in the prefix are literal), contact, order and time", async () => {
    const owner = await createTestAccount(db());
    await seed(db(), owner);
    const kindsOf = async (query: Record<string, string>) =>
      ((await (await get(owner, query)).json()).data as { kind: string }[])
        .map((e) => e.kind)
        .sort();

    expect(await kindsOf({ kind: "order.paid" })).toEqual(["order.paid"]);
    expect(await kindsOf({ kind: "order." })).toEqual(["order.created", "order.paid"]);
    expect(await kindsOf({ kind: "order" })).toEqual([]);
    // "_" must not match "X": api_key. finds the key entry from sign-up only.
    expect(await kindsOf({ kind: "api_key." })).toEqual(["api_key.created"]);
    expect(await kindsOf({ contactId: CONTACT })).toEqual(["contact.blocked", "order.created"]);
    expect(await kindsOf({ orderId: ORDER })).toEqual(["order.created", "order.paid"]);

    const ws = owner.workspaceId;
    await db()
      .insert(journal)
      .values([
        {
          workspaceId: ws,
          actorType: "system",
          kind: "timer.fired",
          at: new Date("2030-01-01T00:00:00Z"),
        },
        {
          workspaceId: ws,
          actorType: "system",
          kind: "timer.fired",
          at: new Date("2030-01-02T00:00:00Z"),
        },
        {
          workspaceId: ws,
          actorType: "system",
          kind: "timer.fired",
          at: new Date("2030-01-03T00:00:00Z"),
        },
      ]);
    const ats = async (query: Record<string, string>) =>
      (
        (await (await get(owner, { kind: "timer.fired", ...query })).json()).data as {
          at: string;
        }[]
      ).map((e) => e.at);
    expect(await ats({ from: "2030-01-02T00:00:00Z" })).toEqual([
      "2030-01-03T00:00:00.000Z",
      "2030-01-02T00:00:00.000Z",
    ]);
    expect(await ats({ to: "2030-01-02T00:00:00Z" })).toEqual(["2030-01-01T00:00:00.000Z"]);
    expect(await ats({ from: "2030-01-01T12:00:00+00:00", to: "2030-01-03T00:00:00Z" })).toEqual([
      "2030-01-02T00:00:00.000Z",
    ]);

    expect((await get(owner, { from: "yesterday" })).status).toBe(422);
    expect((await get(owner, { contactId: "nope" })).status).toBe(422);
    expect((await get(owner, { limit: "0" })).status).toBe(422);
  });

  it("pages by cursor without gaps or repeats", async () => {
    const owner = await createTestAccount(db());
    await seed(db(), owner);
    const all = (await (await get(owner)).json()).data.map((e: { id: number }) => e.id);
    const seen: number[] = [];
    let before: string | undefined;
    for (let guard = 0; guard < 20; guard++) {
      const page = await (await get(owner, { limit: "2", ...(before ? { before } : {}) })).json();
      seen.push(...page.data.map((e: { id: number }) => e.id));
      if (page.nextCursor === null) break;
      expect(page.data).toHaveLength(2);
      before = String(page.nextCursor);
    }
    expect(seen).toEqual(all);
  });

  it("never shows another workspace's entries, kinds or API key names", async () => {
    const a = await createTestAccount(db());
    const b = await createTestAccount(db());
    await recordJournal(db(), {
      workspaceId: b.workspaceId,
      actor: { type: "system" },
      kind: "secret.b_only",
    });
    // An entry in A that names B's key must not reveal that key's name.
    await recordJournal(db(), {
      workspaceId: a.workspaceId,
      actor: { type: "api_key", id: b.apiKeyId },
      kind: "odd.entry",
    });
    const body = await (await get(a)).json();
    expect(body.kinds).not.toContain("secret.b_only");
    expect(body.data.every((e: { kind: string }) => e.kind !== "secret.b_only")).toBe(true);
    expect(body.data.find((e: { kind: string }) => e.kind === "odd.entry").actorName).toBeNull();
  });

  it("is for owners and admins, not agents", async () => {
    const owner = await createTestAccount(db());
    const agent = await addTestMember(db(), owner.workspaceId, "agent", "Agent");
    expect((await call(list.GET, "/api/v1/journal", { headers: agent.session })).status).toBe(403);
    expect(
      (await call(exporter.GET, "/api/v1/journal/export", { headers: agent.session })).status,
    ).toBe(403);
  });

  it("exports CSV as an attachment, escaped and defused, honouring the filter", async () => {
    const owner = await createTestAccount(db());
    await db()
      .update(users)
      .set({ name: '=HYPERLINK("http://evil","x")' })
      .where(eq(users.id, owner.userId));
    await recordJournal(db(), {
      workspaceId: owner.workspaceId,
      actor: { type: "user", id: owner.userId },
      kind: "message.received",
      subjectId: '@mention, "quoted"\nsecond line',
      data: { text: "-1+1", note: 'he said "hi"' },
    });
    await recordJournal(db(), {
      workspaceId: owner.workspaceId,
      actor: { type: "system" },
      kind: "+weird.kind",
    });

    const res = await call(exporter.GET, "/api/v1/journal/export", {
      headers: owner.session,
      query: { kind: "message." },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/csv/);
    expect(res.headers.get("content-disposition")).toMatch(
      /^attachment; filename="journal-\d{4}-\d{2}-\d{2}\.csv"$/,
    );
    const rows = await readCsv(res);
    expect(rows[0]).toEqual([
      "id",
      "at",
      "actor_type",
      "actor_id",
      "actor_name",
      "kind",
      "bot_id",
      "contact_id",
      "order_id",
      "subject_id",
      "data",
    ]);
    expect(rows).toHaveLength(2);
    const [, row] = rows;
    expect(row?.[4]).toBe(`'=HYPERLINK("http://evil","x")`);
    expect(row?.[5]).toBe("message.received");
    expect(row?.[9]).toBe(`'@mention, "quoted"\nsecond line`);
    expect(JSON.parse(row?.[10] ?? "")).toEqual({ text: "-1+1", note: 'he said "hi"' });

    const everything = await readCsv(
      await call(exporter.GET, "/api/v1/journal/export", { headers: owner.session }),
    );
    expect(everything.find((r) => r[5]?.includes("weird"))?.[5]).toBe("'+weird.kind");
  });

  it("exports every matching row, across many batches", async () => {
    const owner = await createTestAccount(db());
    const total = 1234;
    const rows = Array.from({ length: total }, (_, i) => ({
      workspaceId: owner.workspaceId,
      actorType: "system" as const,
      kind: "bulk.row",
      subjectId: `n${i}`,
    }));
    for (let i = 0; i < rows.length; i += 500)
      await db()
        .insert(journal)
        .values(rows.slice(i, i + 500));
    const res = await call(exporter.GET, "/api/v1/journal/export", {
      headers: owner.apiKey,
      query: { kind: "bulk.row" },
    });
    // Read chunk by chunk: the header, then one chunk per batch of rows read from the database.
    const reader = res.body!.getReader();
    const chunks: Uint8Array[] = [];
    for (let r = await reader.read(); !r.done; r = await reader.read()) chunks.push(r.value);
    expect(chunks.length).toBe(1 + Math.ceil(total / 500));
    const parsed = csvRows(Buffer.concat(chunks));
    expect(parsed).toHaveLength(total + 1);
    const subjects = new Set(parsed.slice(1).map((r) => r[9]));
    expect(subjects.size).toBe(total);
    const ids = parsed.slice(1).map((r) => Number(r[0]));
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
  });
});
