import { describe, expect, it } from "vitest";
import { parseFlowDocument } from "./document";
import { migrateFlowDocument, type FlowMigrations } from "./migrations";

// A made-up v0 that kept nodes under `steps`: it exists only here, to exercise the hook.
const fakeMigrations: FlowMigrations = {
  0: ({ steps, ...rest }) => ({ ...rest, version: 1, nodes: steps }),
};

describe("format migrations", () => {
  it("migrates an older document on read", () => {
    const v0 = {
      version: 0,
      steps: [{ id: "s", type: "trigger.start", position: { x: 0, y: 0 } }],
      edges: [],
    };
    const result = parseFlowDocument(v0, fakeMigrations);
    expect(result).toMatchObject({ ok: true, document: { version: 1, nodes: [{ id: "s" }] } });
  });

  it("refuses a version it has no migration for", () => {
    expect(migrateFlowDocument({ version: 0 })).toMatchObject({ ok: false, path: ["version"] });
  });

  it("refuses a migration that does not step the version by one", () => {
    expect(migrateFlowDocument({ version: 0 }, { 0: (d) => ({ ...d, version: 0 }) })).toMatchObject(
      {
        ok: false,
        message: expect.stringContaining("did not produce version 1"),
      },
    );
  });

  it("leaves a current document untouched", () => {
    const doc = { version: 1, nodes: [], edges: [] };
    expect(migrateFlowDocument(doc, fakeMigrations)).toEqual({ ok: true, document: doc });
  });
});
