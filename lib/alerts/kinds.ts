/** What the alert checks look for (docs/alerts.md); isomorphic, for the API and the UI. */
export const incidentKinds = [
  "payment_stuck",
  "telegram_webhook",
  "delivery_failed",
  "key_pool_low",
  "outbox_backlog",
  "webhook_disabled",
] as const;

export type IncidentKind = (typeof incidentKinds)[number];

/**
 * An incident's detail as the arguments of its `kinds.<kind>.summary` message
 * (messages/<locale>/alerts.json): the page and the alerts say the same words.
 */
export function summaryArgs(detail: Record<string, unknown>): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(detail))
    if (typeof v === "number" || typeof v === "string") out[k] = v;
  for (const k of ["orders", "failed", "free", "rows", "minutes", "min", "pendingUpdates"])
    out[k] ??= 0;
  for (const k of ["provider", "bot", "message", "product", "reason", "url"]) out[k] ??= "—";
  return out;
}
