"use client";

import { useQuery } from "@tanstack/react-query";
import { ArrowLeft, ChevronRight, Plus, Workflow } from "lucide-react";
import Link from "next/link";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { useDateFormat } from "@/components/format/use-date-format";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorState } from "@/components/ui/error-state";
import { PageHeader } from "@/components/ui/page-header";
import { SkeletonRows } from "@/components/ui/skeleton";
import { CreateFlowDialog } from "./create-flow-dialog";
import { botQuery, flowEditorHref, flowsQuery } from "./queries";

export function FlowsView({ botId, canManage }: { botId: string; canManage: boolean }) {
  const t = useTranslations("flows.list");
  const tc = useTranslations("common");
  const dates = useDateFormat();
  const bot = useQuery(botQuery(botId));
  const flows = useQuery(flowsQuery(botId));
  const [creating, setCreating] = useState(false);

  const createButton = canManage ? (
    <Button onClick={() => setCreating(true)}>
      <Plus aria-hidden />
      {t("create")}
    </Button>
  ) : null;

  return (
    <>
      <Link
        href="/bots"
        className="mb-3 inline-flex items-center gap-1 text-sm text-slate-600 hover:text-slate-900"
      >
        <ArrowLeft className="size-4" aria-hidden />
        {t("backToBots")}
      </Link>
      <PageHeader
        title={bot.data ? t("title", { bot: bot.data.name }) : t("titlePlain")}
        description={t("description")}
        actions={flows.data?.length ? createButton : null}
      />
      <Card>
        {flows.isPending ? (
          <SkeletonRows rows={3} label={tc("loading")} />
        ) : flows.isError ? (
          <ErrorState onRetry={() => void flows.refetch()} />
        ) : flows.data.length === 0 ? (
          <EmptyState
            icon={Workflow}
            title={t("empty.title")}
            text={t("empty.text")}
            action={createButton}
          />
        ) : (
          <ul className="divide-y divide-slate-100" aria-label={t("listLabel")}>
            {flows.data.map((flow) => (
              <li key={flow.id}>
                <Link
                  href={flowEditorHref(botId, flow.id)}
                  className="flex items-center gap-4 px-5 py-4 hover:bg-slate-50 focus-visible:bg-slate-50 focus-visible:outline-none"
                >
                  <span className="flex size-10 shrink-0 items-center justify-center rounded-full bg-brand-50 text-brand-600">
                    <Workflow className="size-5" aria-hidden />
                  </span>
                  <div className="min-w-0 flex-1">
                    <p className="truncate font-medium text-slate-900">{flow.name}</p>
                    <p className="text-sm text-slate-500">
                      {t("updated", { when: dates.ago(flow.updatedAt) })}
                    </p>
                  </div>
                  {flow.publishedVersion === null ? (
                    <Badge tone="neutral">{t("draftOnly")}</Badge>
                  ) : (
                    <Badge tone="success">
                      {t("published", { version: flow.publishedVersion })}
                    </Badge>
                  )}
                  <ChevronRight className="size-4 text-slate-400" aria-hidden />
                </Link>
              </li>
            ))}
          </ul>
        )}
      </Card>
      <CreateFlowDialog botId={botId} open={creating} onOpenChange={setCreating} />
    </>
  );
}
