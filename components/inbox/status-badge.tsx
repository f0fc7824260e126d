"use client";

import { useTranslations } from "next-intl";
import { Badge } from "@/components/ui/badge";
import type { ConversationSummaryDto } from "./queries";

const tones = {
  bot: "neutral",
  waiting: "warning",
  assigned: "brand",
  closed: "neutral",
} as const;

export function StatusBadge({ status }: { status: ConversationSummaryDto["status"] }) {
  const t = useTranslations("inbox.status");
  return <Badge tone={tones[status]}>{t(status)}</Badge>;
}
