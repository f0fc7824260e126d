import { healthSchema } from "@/lib/api/contracts/health";
import { withRequestId } from "@/lib/api/request-id";
import { checkHealth } from "@/lib/health/check";

/**
 * Not wrapped in route(): route() opens the database before any handler runs, so a database
 * that cannot be opened would come out as a 500. A probe needs 503 with the reason instead,
 * which checkHealth() reports without ever throwing.
 */
export const GET = withRequestId(async function health(): Promise<Response> {
  const report = healthSchema.parse(await checkHealth());
  return Response.json(report, {
    status: report.status === "ok" ? 200 : 503,
    headers: { "cache-control": "no-store" },
  });
});
