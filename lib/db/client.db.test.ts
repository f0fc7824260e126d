import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { acquireDataDirLock, DatabaseLockedError, openDatabase } from "./client";
import { journal, workspaces } from "./schema";
import { useTestDatabase } from "@/test/db";

describe("database", () => {
  const db = useTestDatabase();

  it("is migrated: the core tables exist and accept rows", async () => {
    const [ws] = await db().insert(workspaces).values({ name: "Shop" }).returning();
    expect(ws?.name).toBe("Shop");
  });

  it("refuses to update a journal entry (append-only)", async () => {
    const [ws] = await db().insert(workspaces).values({ name: "J" }).returning();
    const [entry] = await db()
      .insert(journal)
      .values({ workspaceId: ws!.id, actorType: "system", kind: "test.happened" })
      .returning();
    await expect(
      db().execute(sql`update journal set kind = 'changed' where id = ${entry!.id}`),
    ).rejects.toThrow();
    const [after] = await db()
      .select()
      .from(journal)
      .where(sql`id = ${entry!.id}`);
    expect(after?.kind).toBe("test.happened");
  });
});

describe("embedded data directory lock", () => {
  const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), "botshop-lock-"));

  it("lets a second open in another live process fail with a clear message", () => {
    const dir = tmp();
    // Our parent process (the test runner) is alive and is not us.
    fs.writeFileSync(
      path.join(dir, "pglite.lock"),
      JSON.stringify({ pid: process.ppid, host: os.hostname(), startedAt: "x" }),
    );
    expect(() => acquireDataDirLock(dir)).toThrow(DatabaseLockedError);
    expect(() => acquireDataDirLock(dir)).toThrow(/already open in another Botshop process/);
  });

  it("takes over a lock left by a process that died", () => {
    const dir = tmp();
    const dead = spawnSync(process.execPath, ["-e", "console.log(process.pid)"], {
      encoding: "utf8",
    });
    fs.writeFileSync(
      path.join(dir, "pglite.lock"),
      JSON.stringify({ pid: Number(dead.stdout.trim()), host: os.hostname(), startedAt: "x" }),
    );
    const release = acquireDataDirLock(dir);
    expect(JSON.parse(fs.readFileSync(path.join(dir, "pglite.lock"), "utf8")).pid).toBe(
      process.pid,
    );
    release();
    expect(fs.existsSync(path.join(dir, "pglite.lock"))).toBe(false);
  });

  it("opens an embedded database on disk and keeps its data across reopen", async () => {
    const dir = tmp();
    const first = await openDatabase({ kind: "embedded", dataDir: dir });
    await first.db.insert(workspaces).values({ name: "Persisted" });
    await expect(openDatabase({ kind: "embedded", dataDir: dir })).rejects.toThrow(
      DatabaseLockedError,
    );
    await first.close();
    const second = await openDatabase({ kind: "embedded", dataDir: dir });
    const rows = await second.db.select().from(workspaces);
    expect(rows.map((r) => r.name)).toEqual(["Persisted"]);
    await second.close();
  });
});
