import "server-only";
import type { Executor } from "@/lib/db";
import { iso } from "@/lib/api/contracts/common";
import { segmentNames, storedMessage, type BroadcastRow } from "./broadcasts";
import { isPaidRate } from "./message";
import { emptyProgress, progressOf } from "./progress";

/** Broadcasts as the API answers them, with their progress and segment names in two queries. */
export async function toBroadcastDtos(db: Executor, workspaceId: string, rows: BroadcastRow[]) {
  const [progress, names] = await Promise.all([
    progressOf(
      db,
      workspaceId,
      rows.filter((r) => r.startedAt).map((r) => r.id),
    ),
    segmentNames(db, workspaceId, [
      ...new Set(rows.flatMap((r) => (r.segmentId ? [r.segmentId] : []))),
    ]),
  ]);
  return rows.map((r) => ({
    id: r.id,
    botId: r.botId,
    name: r.name,
    message: storedMessage(r),
    segmentId: r.segmentId,
    segmentName: r.segmentId ? (names.get(r.segmentId) ?? null) : null,
    filter: r.filter,
    status: r.status,
    ratePerSecond: r.ratePerSecond,
    paid: isPaidRate(r.ratePerSecond),
    scheduledAt: iso(r.scheduledAt),
    startedAt: iso(r.startedAt),
    finishedAt: iso(r.finishedAt),
    total: r.total,
    progress: progress.get(r.id) ?? emptyProgress,
    createdAt: iso(r.createdAt),
    updatedAt: iso(r.updatedAt),
  }));
}

export async function toBroadcastDto(db: Executor, workspaceId: string, row: BroadcastRow) {
  const [dto] = await toBroadcastDtos(db, workspaceId, [row]);
  return dto!;
}
