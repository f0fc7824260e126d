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
