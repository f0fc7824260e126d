/** The starting templates a new flow can be created from (kept apart so the API contract stays light). */
export const flowTemplateIds = [
  "sell-ebook",
  "online-course",
  "paid-channel",
  "payout-notifications",
  "support-faq",
] as const;
export type FlowTemplateId = (typeof flowTemplateIds)[number];
