import { describe, expect, it } from "vitest";
import { apiQueryFromFilters, filtersFromSearch, searchFromFilters } from "./filters";

const id = "0b6c6f0e-4b7a-4a59-9d5e-3f4a2b1c0d9e";

describe("journal filters in the URL", () => {
  it("keeps valid values and drops what the API would refuse", () => {
    const params = new URLSearchParams({
      kind: "order.",
      from: "2025-03-01",
      to: "not-a-date",
      contactId: id,
      orderId: "42",
    });
    expect(filtersFromSearch(params)).toEqual({
      kind: "order.",
      from: "2025-03-01",
      contactId: id,
    });
  });

  it("round-trips through the query string", () => {
    const filters = { kind: "api_key.created", from: "2025-01-02", to: "2025-01-05", orderId: id };
    expect(filtersFromSearch(new URLSearchParams(searchFromFilters(filters)))).toEqual(filters);
  });

  it("makes the last day inclusive by sending the next midnight as the exclusive end", () => {
    const q = apiQueryFromFilters({ from: "2025-01-02", to: "2025-01-02" });
    const from = new Date(q.from!);
    const to = new Date(q.to!);
    expect(from.getHours()).toBe(0);
    expect(to.getTime() - from.getTime()).toBe(24 * 60 * 60 * 1000);
  });
});
