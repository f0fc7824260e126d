"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { Clock, LinkIcon, UserPlus } from "lucide-react";
import { useFormatter, useTranslations } from "next-intl";
import Link from "next/link";
import { useRouter } from "next/navigation";
import type { z } from "zod";
import { api, ApiRequestError } from "@/components/api/request";
import { setCookie } from "@/components/shell/cookies";
import { useReportApiError } from "@/components/forms/api-errors";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Skeleton } from "@/components/ui/skeleton";
import { ErrorState } from "@/components/ui/error-state";
import { acceptInvite, previewInvite } from "@/lib/api/contracts/members";
import { AuthCard } from "./auth-card";
import { withCallback } from "./callback-url";

type Preview = z.infer<NonNullable<typeof previewInvite.response>>;
type Accepted = z.infer<NonNullable<typeof acceptInvite.response>>;

const invitePath = (token: string) => `/api/invites/${encodeURIComponent(token)}`;

export function InviteCard({
  token,
  user,
  workspaceCookie,
}: {
  token: string;
  user: { name: string; email: string } | null;
  workspaceCookie: string;
}) {
  const t = useTranslations("auth.invite");
  const tr = useTranslations("common.roles");
  const format = useFormatter();
  const report = useReportApiError();
  const router = useRouter();
  const preview = useQuery({
    queryKey: ["invite", token],
    queryFn: ({ signal }) => api.get<Preview>(invitePath(token), undefined, signal),
    retry: (count, err) => !(err instanceof ApiRequestError && err.status < 500) && count < 2,
  });
  const accept = useMutation({
    mutationFn: () => api.post<Accepted>(invitePath(token)),
    onSuccess: ({ workspaceId }) => {
      setCookie(workspaceCookie, workspaceId);
      // "/" sends each role to its own home (agents to the inbox).
      router.replace("/");
      router.refresh();
    },
    onError: (err) => report(err),
  });

  if (preview.isPending) {
    return (
      <AuthCard title={t("title")}>
        <div role="status" aria-label={t("loading")} className="space-y-3">
          <Skeleton className="h-5 w-2/3" />
          <Skeleton className="h-4 w-1/2" />
          <Skeleton className="mt-6 h-10 w-full" />
        </div>
      </AuthCard>
    );
  }

  if (preview.isError) {
    const gone = preview.error instanceof ApiRequestError && preview.error.status < 500;
    return (
      <AuthCard title={gone ? t("invalidTitle") : t("title")}>
        {gone ? (
          <div className="space-y-4 text-sm text-slate-600">
            <p>{t("invalidText")}</p>
            <Button variant="secondary" asChild className="w-full">
              <Link href="/">{t("goToApp")}</Link>
            </Button>
          </div>
        ) : (
          <ErrorState onRetry={() => void preview.refetch()} />
        )}
      </AuthCard>
    );
  }

  const { workspaceName, role, expiresAt } = preview.data;
  const here = `/invite/${encodeURIComponent(token)}`;
  return (
    <AuthCard title={t("joinTitle", { workspace: workspaceName })} description={t("description")}>
      <dl className="mb-6 space-y-3 rounded-md border border-slate-200 bg-slate-50 p-4 text-sm">
        <div className="flex items-center justify-between gap-4">
          <dt className="flex items-center gap-2 text-slate-500">
            <UserPlus className="size-4" aria-hidden />
            {t("role")}
          </dt>
          <dd>
            <Badge tone="brand">{tr(role)}</Badge>
          </dd>
        </div>
        <div className="flex items-center justify-between gap-4">
          <dt className="flex items-center gap-2 text-slate-500">
            <Clock className="size-4" aria-hidden />
            {t("expires")}
          </dt>
          <dd className="text-slate-700">
            {format.dateTime(new Date(expiresAt), { dateStyle: "medium" })}
          </dd>
        </div>
      </dl>
      {user ? (
        <div className="space-y-3">
          <p className="text-sm text-slate-600">{t("signedInAs", { email: user.email })}</p>
          <Button
            className="w-full"
            size="lg"
            loading={accept.isPending || accept.isSuccess}
            onClick={() => accept.mutate()}
          >
            <LinkIcon aria-hidden />
            {t("accept", { workspace: workspaceName })}
          </Button>
        </div>
      ) : (
        <div className="space-y-3">
          <p className="text-sm text-slate-600">{t("signInFirst")}</p>
          <Button asChild className="w-full" size="lg">
            <Link href={withCallback("/sign-in", here)}>{t("signIn")}</Link>
          </Button>
          <Button asChild variant="secondary" className="w-full" size="lg">
            <Link href={withCallback("/sign-up", here)}>{t("signUp")}</Link>
          </Button>
        </div>
      )}
    </AuthCard>
  );
}
