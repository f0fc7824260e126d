/** What the benches share: their command line, their database, how they summarise figures. */

import crypto from "node:crypto";
import fs from "node:fs";
import postgres from "postgres";

/** `--rate 500 --runs=3 --profile` → { rate: "500", runs: "3", profile: "" }. */
export function parseArgs(argv: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith("--")) continue;
    const [key, inline] = arg.slice(2).split("=", 2);
    out[key!] = inline ?? (argv[i + 1]?.startsWith("--") === false ? argv[++i]! : "");
  }
  return out;
}

export function median(values: number[]): number {
  if (!values.length) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** The nearest-rank percentile (p in 0..1). */
export function percentile(values: number[], p: number): number {
  if (!values.length) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
}

export function fmt(value: number, digits = 0): string {
  return Number.isFinite(value) ? value.toFixed(digits) : "–";
}

/**
 * A fresh database on the PostgreSQL server at `serverUrl`, dropped by the cleanup this pushes
 * (the role needs CREATEDB). Returns its URL and the server's version.
 */
export async function createBenchDatabase(
  serverUrl: string,
  cleanups: (() => Promise<void>)[],
): Promise<{ dbUrl: URL; pgVersion: string }> {
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  const [{ server_version: pgVersion } = { server_version: "?" }] = await admin<
    { server_version: string }[]
  >`show server_version`;
  const dbName = `botshop_bench_${process.pid}_${crypto.randomBytes(4).toString("hex")}`;
  await admin.unsafe(`create database ${dbName}`);
  cleanups.push(async () => {
    await admin.unsafe(`drop database if exists ${dbName} with (force)`);
    await admin.end();
  });
  const dbUrl = new URL(serverUrl);
  dbUrl.pathname = `/${dbName}`;
  return { dbUrl, pgVersion };
}

/** Clock ticks per second of /proc's CPU times (`getconf CLK_TCK`; 100 on Linux). */
const clockTicks = 100;

/**
 * CPU time (user + system, ms) used so far by each process in process group `pgid`, or by each
 * of `pids`, read from /proc (Linux only; undefined elsewhere). Other processes loading the
 * machine move CPU per unit of work much less than they move wall-clock throughput (they still
 * move it: shared caches and cores).
 */
export function cpuTimes(
  of: { pgid: number } | { pids: number[] },
): Map<number, number> | undefined {
  if (!fs.existsSync("/proc/self/stat")) return undefined;
  const pids = "pids" in of ? of.pids : fs.readdirSync("/proc").filter((n) => /^\d+$/.test(n));
  const out = new Map<number, number>();
  for (const pid of pids) {
    let stat: string;
    try {
      stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    } catch {
      continue; // Exited meanwhile.
    }
    // After "(comm) " comes field 3 of proc(5), so field n is at n - 3.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    if ("pgid" in of && Number(fields[5 - 3]) !== of.pgid) continue;
    out.set(Number(pid), ((Number(fields[14 - 3]) + Number(fields[15 - 3])) * 1000) / clockTicks);
  }
  return out;
}

/**
 * CPU ms used between two readings of cpuTimes. A process that started in between counts from
 * zero; one that exited in between takes its time with it (so read long-lived processes).
 */
export function cpuDelta(
  before: Map<number, number> | undefined,
  after: Map<number, number> | undefined,
): number | undefined {
  if (!before || !after) return undefined;
  let ms = 0;
  for (const [pid, t] of after) ms += t - (before.get(pid) ?? 0);
  return ms;
}
