import type { Metadata } from "next";
import { Inbox } from "lucide-react";
import { getTranslations } from "next-intl/server";
import { Suspense } from "react";
import { InboxView } from "@/components/inbox/inbox-view";
import Link from "next/link";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { workspaceHasBot } from "@/components/sections/workspace-has-bot";
import { requireWorkspace } from "@/lib/auth/current";
import { can } from "@/lib/auth/permissions";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("nav"))("inbox") };
}

export default async function InboxPage() {
  const { user, workspace } = await requireWorkspace("/inbox", "inbox.use");
  // Without a bot nothing can arrive: say what to do first. Agents (who cannot see bots) get
  // the inbox itself.
  if ((await workspaceHasBot(workspace)) === false) {
    const t = await getTranslations("sections");
    return (
      <>
        <PageHeader title={t("inbox.title")} description={t("inbox.description")} />
        <Card>
          <EmptyState
            icon={Inbox}
            title={t("inbox.emptyTitle")}
            text={
              <>
                <p>{t("inbox.emptyText")}</p>
                <p className="mt-3">{t("inbox.firstStep")}</p>
              </>
            }
            action={
              <Button asChild>
                <Link href="/bots">{t("actions.addBot")}</Link>
              </Button>
            }
          />
        </Card>
      </>
    );
  }
  return (
    <Suspense>
      <InboxView
        userId={user.id}
        canOpenOrders={can(workspace.role, "journal.read")}
        canManageReplies={can(workspace.role, "inbox.manage")}
      />
    </Suspense>
  );
}
