import { config, ConfigError } from "@/lib/config/env";
import { databaseHandle } from "@/lib/db";
import { configuredSendLimits } from "@/lib/jobs/limits";
import { startSender, wakeSender } from "@/lib/jobs/sender";
import { startReconciler } from "@/lib/payments/reconcile";
import { expireDeliveries } from "@/lib/delivery/download";
import { sweepAccess } from "@/lib/delivery/access-sweep";
import { startPeriodic } from "@/lib/jobs/periodic";
import { runBroadcastJobs } from "@/lib/broadcasts/jobs";
import { deliverDueWebhooks } from "@/lib/webhooks/deliver";
import { allowPrivateWebhooks } from "@/lib/webhooks/endpoints";
import { runAlertChecks } from "@/lib/alerts/reconcile";

/**
 * Parse the configuration and open (and migrate) the database now, so a bad setting or a
 * locked data directory stops start-up with a clear message instead of failing the first request.
 * Then start this process's outbox workers.
 */
export async function startNode(): Promise<void> {
  try {
    const c = config();
    const handle = await databaseHandle();
    // Every process drains the outbox: sends, timers and http calls (lib/jobs/sender.ts), on
    // connections of its own.
    startSender(handle.workerDb, { limits: configuredSendLimits(c) });
    // Orders whose webhook never came are asked about at the provider (lib/payments/reconcile.ts).
    startReconciler(handle.db, { onQueued: wakeSender });
    // Download links past their time are marked expired and journaled (lib/delivery/download.ts).
    startPeriodic("delivery expiry", 60_000, () => expireDeliveries(handle.db));
    // Channel access: members removed when their grant ends or is refunded, reminders, new
    // links (lib/delivery/access-sweep.ts).
    startPeriodic("channel access", 60_000, async () => {
      const swept = await sweepAccess(handle.db);
      if (swept.removed + swept.reminded + swept.relinked) wakeSender();
    });
    // Scheduled broadcasts start when due; finished ones are marked completed (lib/broadcasts).
    startPeriodic("broadcasts", 5_000, async () => {
      if (await runBroadcastJobs(handle.db)) wakeSender();
    });
    // Outgoing webhooks: due deliveries posted, retried with backoff (lib/webhooks/deliver.ts).
    const allowPrivateAddresses = allowPrivateWebhooks();
    startPeriodic("webhooks", 2_000, async () => {
      while ((await deliverDueWebhooks(handle.db, { allowPrivateAddresses })) > 0);
    });
    // Alerts to the owner: incidents opened and resolved, one message each (lib/alerts).
    startPeriodic("alerts", c.ALERTS_CHECK_SECONDS * 1000, async () => {
      if ((await runAlertChecks(handle.db)).queued) wakeSender();
    });
    console.log(
      `Botshop: ${handle.kind === "postgres" ? "PostgreSQL" : `embedded database in ${c.DATA_DIR}`}, serving ${c.APP_URL}`,
    );
  } catch (err) {
    console.error(
      err instanceof ConfigError ? err.message : `Botshop cannot start: ${(err as Error).message}`,
    );
    process.exit(1);
  }
}
