import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "@/test/db";
import { call, type TestAccount } from "@/test/http";
import { addTestMember } from "@/test/members";
import { flows, journal } from "@/lib/db/schema";
import * as collection from "@/app/api/v1/flows/route";
import * as item from "@/app/api/v1/flows/[id]/route";
import * as draft from "@/app/api/v1/flows/[id]/draft/route";
import * as versions from "@/app/api/v1/flows/[id]/versions/route";
import * as version from "@/app/api/v1/flows/[id]/versions/[n]/route";
import * as restore from "@/app/api/v1/flows/[id]/versions/[n]/restore/route";
import * as publish from "@/app/api/v1/flows/[id]/publish/route";
import { createTestShop, publishableDocument } from "@/test/flows";
import { flowVersions } from "@/lib/db/schema";

describe("flows and drafts", () => {
  const db = useTestDatabase();
  let owner: TestAccount;
  let botId: string;

  beforeAll(async () => {
    ({ owner, botId } = await createTestShop(db()));
  });

  async function newFlow(name = "Sell an e-book"): Promise<string> {
    const res = await call(collection.POST, "/api/v1/flows", {
      method: "POST",
      headers: owner.apiKey,
      body: { botId, name },
    });
    expect(res.status).toBe(201);
    return (await res.json()).flow.id;
  }

  const getDraft = async (id: string) =>
    (
      await call(draft.GET, `/api/v1/flows/${id}/draft`, { headers: owner.apiKey, params: { id } })
    ).json();

  const put = (id: string, body: unknown) =>
    call(draft.PUT, `/api/v1/flows/${id}/draft`, {
      method: "PUT",
      headers: owner.apiKey,
      params: { id },
      body,
    });

  it("creates a flow whose draft starts with a /start trigger at revision 1", async () => {
    const id = await newFlow();
    const d = await getDraft(id);
    expect(d.revision).toBe(1);
    expect(d.document.nodes.map((n: { type: string }) => n.type)).toEqual(["trigger.start"]);
    const list = await (
      await call(collection.GET, "/api/v1/flows", { headers: owner.apiKey, query: { botId } })
    ).json();
    expect(list.data.map((f: { id: string }) => f.id)).toContain(id);
    expect(list.data.find((f: { id: string }) => f.id === id).publishedVersion).toBeNull();
  });

  it("saves a draft against its revision and refuses a stale save without writing", async () => {
    const id = await newFlow("Two tabs");
    const base = await getDraft(id);
    const edited = {
      ...base.document,
      nodes: [
        ...base.document.nodes,
        { id: "hello", type: "message", position: { x: 240, y: 0 }, config: { text: "Hi" } },
      ],
      edges: [{ id: "e1", source: "start", sourceHandle: "next", target: "hello" }],
    };
    const first = await put(id, { baseRevision: 1, document: edited });
    expect(first.status).toBe(200);
    expect((await first.json()).revision).toBe(2);

    // The second tab still thinks it is at revision 1.
    const stale = await put(id, { baseRevision: 1, document: base.document });
    expect(stale.status).toBe(409);
    expect((await stale.json()).error.message).toMatch(/revision 2/);

    const after = await getDraft(id);
    expect(after.revision).toBe(2);
    expect(after.document.nodes.map((n: { id: string }) => n.id)).toEqual(["start", "hello"]);
  });

  it("lets exactly one of two concurrent saves from the same revision win", async () => {
    const id = await newFlow("Race");
    const { document } = await getDraft(id);
    const results = await Promise.all(
      ["a", "b"].map((tag) =>
        put(id, {
          baseRevision: 1,
          document: { ...document, variables: [{ name: tag, type: "string" }] },
        }),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    const [row] = await db().select().from(flows).where(eq(flows.id, id));
    expect(row?.draftRevision).toBe(2);
  });

  it("rejects a structurally broken document with paths and keeps the draft", async () => {
    const id = await newFlow("Broken");
    const res = await put(id, {
      baseRevision: 1,
      document: {
        version: 1,
        nodes: [{ id: "", type: "message", position: { x: "a", y: 0 }, config: {} }],
        edges: [],
      },
    });
    expect(res.status).toBe(422);
    const paths = (await res.json()).error.details.map((d: { path: string }) => d.path);
    expect(paths).toEqual(
      expect.arrayContaining(["document.nodes.0.id", "document.nodes.0.position.x"]),
    );
    expect((await getDraft(id)).revision).toBe(1);
  });

  it("renames, lists no versions before publishing, deletes, and journals each change", async () => {
    const id = await newFlow("Old name");
    const renamed = await call(item.PATCH, `/api/v1/flows/${id}`, {
      method: "PATCH",
      headers: owner.session,
      params: { id },
      body: { name: "New name" },
    });
    expect((await renamed.json()).flow.name).toBe("New name");
    const v = await (
      await call(versions.GET, `/api/v1/flows/${id}/versions`, {
        headers: owner.apiKey,
        params: { id },
      })
    ).json();
    expect(v.data).toEqual([]);
    const del = await call(item.DELETE, `/api/v1/flows/${id}`, {
      method: "DELETE",
      headers: owner.apiKey,
      params: { id },
    });
    expect(del.status).toBe(204);
    expect(await db().select().from(flows).where(eq(flows.id, id))).toEqual([]);
    const kinds = (
      await db()
        .select({ kind: journal.kind })
        .from(journal)
        .where(and(eq(journal.workspaceId, owner.workspaceId), eq(journal.subjectId, id)))
    ).map((j) => j.kind);
    expect(kinds).toEqual(expect.arrayContaining(["flow.created", "flow.renamed", "flow.deleted"]));
  });

  it("keeps agents out of flows", async () => {
    const agent = await addTestMember(db(), owner.workspaceId, "agent", "Agent");
    const res = await call(collection.GET, "/api/v1/flows", { headers: agent.session });
    expect(res.status).toBe(403);
  });

  const publishNow = (id: string, body: unknown = {}) =>
    call(publish.POST, `/api/v1/flows/${id}/publish`, {
      method: "POST",
      headers: owner.session,
      params: { id },
      body,
    });

  it("refuses to publish a draft with errors, listing every one, and writes no version", async () => {
    const id = await newFlow("Unwired");
    // The starter draft's /start outcome goes nowhere: an error.
    const res = await publishNow(id);
    expect(res.status).toBe(422);
    const details = (await res.json()).error.details as { path: string; message: string }[];
    expect(details.length).toBeGreaterThan(0);
    expect(details).toContainEqual({
      path: "nodes[id=start]",
      message: expect.stringMatching(/^unwired_outcome: /),
    });
    expect(await db().select().from(flowVersions).where(eq(flowVersions.flowId, id))).toEqual([]);
  });

  it("publishes immutable numbered versions and restores one into the draft", async () => {
    const id = await newFlow("Publish me");
    expect((await put(id, { baseRevision: 1, document: publishableDocument("v1") })).status).toBe(
      200,
    );
    const first = await publishNow(id, { baseRevision: 2 });
    expect(first.status).toBe(201);
    expect((await first.json()).version).toMatchObject({ n: 1, fromRevision: 2 });

    expect((await put(id, { baseRevision: 2, document: publishableDocument("v2") })).status).toBe(
      200,
    );
    // Publishing with a stale revision is refused: the owner must look at what they publish.
    expect((await publishNow(id, { baseRevision: 2 })).status).toBe(409);
    const second = await publishNow(id, { baseRevision: 3 });
    expect((await second.json()).version.n).toBe(2);

    const v1 = await (
      await call(version.GET, `/api/v1/flows/${id}/versions/1`, {
        headers: owner.apiKey,
        params: { id, n: "1" },
      })
    ).json();
    expect(v1.document.nodes[1].config.text).toBe("v1");
    const list = await (
      await call(versions.GET, `/api/v1/flows/${id}/versions`, {
        headers: owner.apiKey,
        params: { id },
      })
    ).json();
    expect(list.data.map((v: { n: number }) => v.n)).toEqual([2, 1]);

    const restored = await call(restore.POST, `/api/v1/flows/${id}/versions/1/restore`, {
      method: "POST",
      headers: owner.apiKey,
      params: { id, n: "1" },
    });
    expect((await restored.json()).revision).toBe(4);
    const d = await getDraft(id);
    expect(d.document.nodes[1].config.text).toBe("v1");
    // Restoring changed the draft only: version 2 is still the newest published one.
    const flow = await (
      await call(item.GET, `/api/v1/flows/${id}`, { headers: owner.apiKey, params: { id } })
    ).json();
    expect(flow.flow.publishedVersion).toBe(2);
    const kinds = (
      await db().select({ kind: journal.kind }).from(journal).where(eq(journal.subjectId, id))
    ).map((j) => j.kind);
    expect(kinds.filter((k) => k === "flow.published")).toHaveLength(2);
    expect(kinds).toContain("flow.version_restored");
  });

  it("gives concurrent publishes distinct version numbers", async () => {
    const id = await newFlow("Concurrent publish");
    await put(id, { baseRevision: 1, document: publishableDocument() });
    const results = await Promise.all([publishNow(id), publishNow(id), publishNow(id)]);
    expect(results.map((r) => r.status)).toEqual([201, 201, 201]);
    const ns = (
      await db().select({ n: flowVersions.n }).from(flowVersions).where(eq(flowVersions.flowId, id))
    ).map((r) => r.n);
    expect(ns.sort()).toEqual([1, 2, 3]);
  });

  it("answers 404 for a version that does not exist", async () => {
    const id = await newFlow("No versions");
    const res = await call(version.GET, `/api/v1/flows/${id}/versions/7`, {
      headers: owner.apiKey,
      params: { id, n: "7" },
    });
    expect(res.status).toBe(404);
  });
});
