import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "@/test/db";
import { createTestShop } from "@/test/flows";
import { call, type TestAccount } from "@/test/http";
import { flowVersions } from "@/lib/db/schema";
import type { FlowDocument } from "@/lib/flow/document";
import * as collection from "@/app/api/v1/flows/route";
import * as draft from "@/app/api/v1/flows/[id]/draft/route";
import * as versions from "@/app/api/v1/flows/[id]/versions/route";
import * as publish from "@/app/api/v1/flows/[id]/publish/route";
import { changedNodesListed } from "./publish";

const message = (id: string, text: string, x: number) => ({
  id,
  type: "message",
  position: { x, y: 0 },
  config: { text },
});

/** /start → hello → bye. */
const first: FlowDocument = {
  version: 1,
  nodes: [
    { id: "start", type: "trigger.start", position: { x: 0, y: 0 }, config: { payload: "" } },
    message("hello", "Hello!", 240),
    message("bye", "Bye!", 480),
  ],
  edges: [
    { id: "e1", source: "start", sourceHandle: "next", target: "hello" },
    { id: "e2", source: "hello", sourceHandle: "next", target: "bye" },
  ],
  variables: [],
};

/** hello's text changed, bye removed, thanks added; start only moved (not a change). */
const second: FlowDocument = {
  ...first,
  nodes: [
    { ...first.nodes[0]!, position: { x: 40, y: 40 } },
    message("hello", "Hello again!", 240),
    message("thanks", "Thanks!", 480),
  ],
  edges: [first.edges[0]!, { id: "e3", source: "hello", sourceHandle: "next", target: "thanks" }],
};

describe("version history", () => {
  const db = useTestDatabase();
  let owner: TestAccount;
  let botId: string;

  beforeAll(async () => {
    ({ owner, botId } = await createTestShop(db()));
  });

  async function newFlow(name: string): Promise<string> {
    const res = await call(collection.POST, "/api/v1/flows", {
      method: "POST",
      headers: owner.apiKey,
      body: { botId, name },
    });
    expect(res.status).toBe(201);
    return (await res.json()).flow.id;
  }

  /** Saves the document over the current draft and publishes it. */
  async function saveAndPublish(id: string, document: FlowDocument, headers = owner.session) {
    const { revision } = await (
      await call(draft.GET, `/api/v1/flows/${id}/draft`, { headers, params: { id } })
    ).json();
    const saved = await call(draft.PUT, `/api/v1/flows/${id}/draft`, {
      method: "PUT",
      headers,
      params: { id },
      body: { baseRevision: revision, document },
    });
    expect(saved.status).toBe(200);
    const published = await call(publish.POST, `/api/v1/flows/${id}/publish`, {
      method: "POST",
      headers,
      params: { id },
      body: {},
    });
    expect(published.status).toBe(201);
  }

  const list = async (id: string) =>
    (
      await call(versions.GET, `/api/v1/flows/${id}/versions`, {
        headers: owner.apiKey,
        params: { id },
      })
    ).json();

  it("summarises what each version changed against the one before", async () => {
    const id = await newFlow("Changes");
    await saveAndPublish(id, first);
    await saveAndPublish(id, second);

    const { data } = await list(id);
    expect(data.map((v: { n: number }) => v.n)).toEqual([2, 1]);
    const [v2, v1] = data;
    expect(v1.changes).toEqual({
      nodesAdded: 3,
      nodesRemoved: 0,
      nodesChanged: 0,
      edgesChanged: 2,
      nodes: [
        { nodeId: "start", type: "trigger.start", change: "added" },
        { nodeId: "hello", type: "message", change: "added" },
        { nodeId: "bye", type: "message", change: "added" },
      ],
    });
    expect(v2.changes).toEqual({
      nodesAdded: 1,
      nodesRemoved: 1,
      nodesChanged: 1,
      // e2 removed, e3 added.
      edgesChanged: 2,
      nodes: [
        { nodeId: "thanks", type: "message", change: "added" },
        { nodeId: "hello", type: "message", change: "changed" },
        { nodeId: "bye", type: "message", change: "removed" },
      ],
    });
    expect(v2.publisher).toEqual({ name: expect.any(String), email: owner.email });
    expect(v2.publishedBy).toBe(owner.userId);

    // The summary is stored with the version, not recomputed on read.
    const rows = await db()
      .select({ n: flowVersions.n, changes: flowVersions.changes })
      .from(flowVersions)
      .where(eq(flowVersions.flowId, id));
    expect(rows.find((r) => r.n === 2)?.changes).toEqual(v2.changes);
  });

  it("lists at most a bounded number of nodes but counts them all", async () => {
    const id = await newFlow("Many nodes");
    const count = changedNodesListed + 5;
    const many: FlowDocument = {
      ...first,
      nodes: [
        first.nodes[0]!,
        ...Array.from({ length: count }, (_, i) => message(`m${i}`, `Step ${i}`, 240 * (i + 1))),
      ],
      edges: Array.from({ length: count }, (_, i) => ({
        id: `e${i}`,
        source: i === 0 ? "start" : `m${i - 1}`,
        sourceHandle: "next",
        target: `m${i}`,
      })),
    };
    await saveAndPublish(id, many);
    const [v1] = (await list(id)).data;
    expect(v1.changes.nodesAdded).toBe(count + 1);
    expect(v1.changes.nodes).toHaveLength(changedNodesListed);
  });

  it("has no publisher for versions published with an API key, and null changes on old rows", async () => {
    const id = await newFlow("By key");
    await saveAndPublish(id, first, owner.apiKey);
    await db().update(flowVersions).set({ changes: null }).where(eq(flowVersions.flowId, id));
    const [v1] = (await list(id)).data;
    expect(v1.publisher).toBeNull();
    expect(v1.changes).toBeNull();
  });
});
