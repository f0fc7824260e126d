import { describe, expect, it } from "vitest";
import { useTestDatabase } from "@/test/db";
import { call } from "@/test/http";
import { GET } from "./route";

describe("GET /api/v1/flow-schema.json", () => {
  // route() opens the database for every operation, public ones included.
  useTestDatabase();

  it("serves the flow document's JSON Schema", async () => {
    const res = await call(GET, "/api/v1/flow-schema.json");
    expect(res.status).toBe(200);
    const schema = await res.json();
    expect(schema.type).toBe("object");
    expect(Object.keys(schema.properties)).toEqual(
      expect.arrayContaining(["version", "nodes", "edges", "variables"]),
    );
  });
});
