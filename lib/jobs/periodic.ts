import "server-only";
import { logger } from "@/lib/log";

/**
 * Runs `run` every `everyMs` in this process, never two at once (a slow round skips the next
 * tick). Every process runs the same jobs: each must be safe to run concurrently with itself
 * in another process (row locks, conditional updates). Returns a function that stops it.
 */
export function startPeriodic(
  name: string,
  everyMs: number,
  run: () => Promise<unknown>,
): () => void {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    run()
      .catch((err: unknown) => logger.error({ err }, `${name} failed`))
      .finally(() => {
        running = false;
      });
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
