import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { testDatabaseKind, useTestDatabase } from "@/test/db";
import { call } from "@/test/http";
import { config, setConfigForTests } from "@/lib/config/env";
import { databaseHandle, setDatabaseForTests } from "@/lib/db";
import { healthSchema } from "@/lib/api/contracts/health";
import pkg from "@/package.json";
import journalFile from "@/drizzle/meta/_journal.json";
import * as health from "@/app/api/health/route";

const shipped = journalFile.entries;
const latestTag = shipped.at(-1)?.tag;

describe("health", () => {
  const db = useTestDatabase();
  let restore: (() => unknown) | undefined;
  afterEach(async () => {
    await restore?.();
    restore = undefined;
  });

  const check = async () => {
    const res = await call(health.GET, "/api/health");
    const body = healthSchema.strict().parse(await res.json());
    return { res, body };
  };

  it("is ok when the database answers and every shipped migration is applied", async () => {
    const { res, body } = await check();
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(body).toEqual({
      status: "ok",
      database: testDatabaseKind() === "postgres" ? "postgres" : "embedded",
      migrations: { applied: shipped.length, expected: shipped.length, latest: latestTag },
      version: pkg.version,
    });
  });

  it("is unavailable while a shipped migration is not applied", async () => {
    const last = shipped.at(-1)!;
    await db().execute(
      sql`delete from drizzle.__drizzle_migrations where created_at = ${last.when}`,
    );
    restore = () =>
      db().execute(
        sql`insert into drizzle.__drizzle_migrations (hash, created_at) values ('restored', ${last.when})`,
      );
    const { res, body } = await check();
    expect(res.status).toBe(503);
    expect(body.status).toBe("unavailable");
    expect(body.migrations).toEqual({
      applied: shipped.length - 1,
      expected: shipped.length,
      latest: shipped.at(-2)?.tag ?? null,
    });
    expect(body.reason).toContain(last.tag);
  });

  it("is ok again once the migrations match", async () => {
    expect((await check()).res.status).toBe(200);
  });

  it("is unavailable when the database was migrated by a newer release", async () => {
    await db().execute(
      sql`insert into drizzle.__drizzle_migrations (hash, created_at) values ('future', 4102444800000)`,
    );
    restore = () =>
      db().execute(sql`delete from drizzle.__drizzle_migrations where created_at = 4102444800000`);
    const { res, body } = await check();
    expect(res.status).toBe(503);
    expect(body.reason).toMatch(/newer release/);
    expect(body.migrations.applied).toBe(shipped.length + 1);
  });

  /** Points the app at a database that cannot be opened, then puts everything back. */
  async function breakDatabase(change: Partial<ReturnType<typeof config>>) {
    const handle = await databaseHandle();
    const saved = config();
    setDatabaseForTests(undefined);
    setConfigForTests({ ...saved, ...change });
    restore = () => {
      setConfigForTests(saved);
      setDatabaseForTests(handle);
    };
  }

  it("answers 503, not 500, when the PostgreSQL server cannot be reached", async () => {
    await breakDatabase({
      DATABASE_URL: "postgres://postgres@127.0.0.1:1/nowhere",
      dbMode: "postgres",
    });
    const { res, body } = await check();
    expect(res.status).toBe(503);
    expect(body).toMatchObject({
      status: "unavailable",
      database: "postgres",
      reason: "The database cannot be opened",
    });
    expect(body.migrations.expected).toBe(shipped.length);
    expect(JSON.stringify(body)).not.toContain("127.0.0.1");
  });

  it("answers 503 when another process holds the embedded database", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "botshop-health-"));
    fs.writeFileSync(
      path.join(dir, "pglite.lock"),
      JSON.stringify({ pid: process.ppid, host: os.hostname(), startedAt: "x" }),
    );
    await breakDatabase({ DATABASE_URL: undefined, dbMode: "embedded", DATA_DIR: dir });
    const { res, body } = await check();
    expect(res.status).toBe(503);
    expect(body).toMatchObject({
      status: "unavailable",
      database: "embedded",
      reason: "The database cannot be opened",
    });
    expect(JSON.stringify(body)).not.toContain(dir);
  });
});
