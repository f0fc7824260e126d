import "server-only";
import type { Db } from "@/lib/db";
import { completeFinishedBroadcasts } from "./progress";
import { startDueBroadcasts } from "./start";

/**
 * The periodic work of broadcasts, in every process: start the scheduled ones that are due and
 * mark those with nothing left to send completed. Returns whether rows were queued.
 */
export async function runBroadcastJobs(db: Db): Promise<boolean> {
  const started = await startDueBroadcasts(db);
  await completeFinishedBroadcasts(db);
  return started > 0;
}
