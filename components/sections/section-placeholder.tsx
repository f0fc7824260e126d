import type { LucideIcon } from "lucide-react";
import { getTranslations } from "next-intl/server";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";

export type Section = "products" | "orders" | "contacts" | "inbox" | "broadcasts" | "analytics";

/**
 * A section that is not built yet says so, explains what it will do, and points at the step
 * that comes first, instead of showing made-up numbers.
 */
export async function SectionPlaceholder({
  section,
  icon,
  botConnected,
}: {
  section: Section;
  icon: LucideIcon;
  /**
   * Whether the workspace has a bot; null when the member may not see bots (agents). The
   * "connect a bot first" step is shown only while it is true advice.
   */
  botConnected: boolean | null;
}) {
  const t = await getTranslations("sections");
  return (
    <>
      <PageHeader title={t(`${section}.title`)} description={t(`${section}.description`)} />
      <Card>
        <EmptyState
          icon={icon}
          title={t(`${section}.emptyTitle`)}
          text={
            <>
              <p>{t(`${section}.emptyText`)}</p>
              {botConnected ? null : <p className="mt-3">{t(`${section}.firstStep`)}</p>}
            </>
          }
          action={
            botConnected === false ? (
              <Button asChild>
                <Link href="/bots">{t("actions.addBot")}</Link>
              </Button>
            ) : undefined
          }
        >
          <Badge tone="warning" className="mt-4">
            {t("inDevelopment")}
          </Badge>
        </EmptyState>
      </Card>
    </>
  );
}
