"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Link2 } from "lucide-react";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { toast } from "sonner";
import type { z } from "zod";
import { api } from "@/components/api/request";
import { useReportApiError } from "@/components/forms/api-errors";
import { useDateFormat } from "@/components/format/use-date-format";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { CopyButton } from "@/components/ui/copy-button";
import { ErrorState } from "@/components/ui/error-state";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { SkeletonRows } from "@/components/ui/skeleton";
import {
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
} from "@/components/ui/table";
import {
  createInvite,
  listInvites,
  revokeInvite,
  type inviteSchema,
} from "@/lib/api/contracts/members";
import type { Role } from "@/lib/db/schema/accounts";
import { RoleSelect } from "./role-select";

type Invite = z.infer<typeof inviteSchema>;
const invitesKey = ["invites"] as const;

export function InvitesSection({ canInviteOwners }: { canInviteOwners: boolean }) {
  const t = useTranslations("settings.invites");
  const tc = useTranslations("common");
  const tr = useTranslations("common.roles");
  const dates = useDateFormat();
  const queryClient = useQueryClient();
  const report = useReportApiError();
  const [role, setRole] = useState<Role>("agent");
  const [link, setLink] = useState<{ url: string; role: Role; inviteId: string } | null>(null);
  const [revoking, setRevoking] = useState<Invite | null>(null);
  const invites = useQuery({
    queryKey: invitesKey,
    queryFn: ({ signal }) =>
      api.get<{ data: Invite[] }>(listInvites.path, undefined, signal).then((r) => r.data),
  });
  const create = useMutation({
    mutationFn: (body: { role: Role }) =>
      api.post<{ url: string; invite: Invite }>(createInvite.path, body),
    onSuccess: ({ url, invite }) => {
      setLink({ url, role: invite.role, inviteId: invite.id });
      void queryClient.invalidateQueries({ queryKey: invitesKey });
      toast.success(t("created"));
    },
    onError: (err) => report(err),
  });
  const revoke = useMutation({
    mutationFn: (invite: Invite) => api.delete(revokeInvite.path.replace("{id}", invite.id)),
    onSuccess: (_, invite) => {
      void queryClient.invalidateQueries({ queryKey: invitesKey });
      // A revoked link must not stay on screen looking usable.
      setLink((shown) => (shown?.inviteId === invite.id ? null : shown));
      toast.success(t("revoked"));
    },
    onError: (err) => report(err),
  });
  const pending = invites.data?.filter((i) => i.status === "pending") ?? [];

  return (
    <Card>
      <CardHeader>
        <CardTitle>{t("title")}</CardTitle>
        <CardDescription>{t("description")}</CardDescription>
      </CardHeader>
      <CardContent className="space-y-4">
        <form
          className="flex flex-col gap-3 sm:flex-row sm:items-end"
          onSubmit={(e) => {
            e.preventDefault();
            create.mutate({ role });
          }}
        >
          <Field id="invite-role" label={t("role")} className="sm:w-48">
            {(control) => (
              <RoleSelect
                control={control}
                value={role}
                onChange={setRole}
                roles={canInviteOwners ? ["agent", "admin", "owner"] : ["agent", "admin"]}
              />
            )}
          </Field>
          <Button type="submit" loading={create.isPending}>
            <Link2 aria-hidden />
            {t("create")}
          </Button>
        </form>

        {link ? (
          <div className="flex flex-col gap-2 rounded-md border border-brand-100 bg-brand-50/60 p-4">
            <Label htmlFor="invite-link">{t("linkLabel", { role: tr(link.role) })}</Label>
            <div className="flex flex-col gap-2 sm:flex-row">
              <Input
                id="invite-link"
                readOnly
                value={link.url}
                className="font-mono text-xs"
                onFocus={(e) => e.currentTarget.select()}
              />
              <CopyButton value={link.url} />
            </div>
            <p className="text-xs text-slate-600">{t("linkOnce")}</p>
          </div>
        ) : null}
      </CardContent>

      <div className="border-t border-slate-100">
        <h3 className="px-5 pt-4 pb-2 text-sm font-medium text-slate-900">{t("pendingTitle")}</h3>
        {invites.isPending ? (
          <SkeletonRows rows={2} label={tc("loading")} />
        ) : invites.isError ? (
          <ErrorState onRetry={() => void invites.refetch()} />
        ) : pending.length === 0 ? (
          <p className="px-5 pb-5 text-sm text-slate-500">{t("nonePending")}</p>
        ) : (
          <Table aria-label={t("pendingTitle")} stack>
            <TableHeader>
              <TableRow>
                <TableHead>{t("columns.role")}</TableHead>
                <TableHead>{t("columns.created")}</TableHead>
                <TableHead>{t("columns.expires")}</TableHead>
                <TableHead>{t("columns.status")}</TableHead>
                <TableHead>
                  <span className="sr-only">{t("columns.actions")}</span>
                </TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {pending.map((invite) => (
                <TableRow key={invite.id}>
                  <TableCell label={t("columns.role")}>{tr(invite.role)}</TableCell>
                  <TableCell label={t("columns.created")} className="whitespace-nowrap">
                    {dates.dateTime(invite.createdAt)}
                  </TableCell>
                  <TableCell label={t("columns.expires")} className="whitespace-nowrap">
                    {dates.dateTime(invite.expiresAt)}
                  </TableCell>
                  <TableCell label={t("columns.status")}>
                    <Badge tone="warning">{t(`status.${invite.status}`)}</Badge>
                  </TableCell>
                  <TableCell className="text-right max-md:justify-end">
                    <Button
                      variant="ghost"
                      size="sm"
                      className="text-red-600 hover:bg-red-50 hover:text-red-700"
                      aria-label={t("revokeInvite", { role: tr(invite.role) })}
                      onClick={() => setRevoking(invite)}
                    >
                      {t("revoke")}
                    </Button>
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </div>
      <ConfirmDialog
        open={revoking !== null}
        onOpenChange={(open) => !open && setRevoking(null)}
        title={t("revokeConfirm.title")}
        description={t("revokeConfirm.text")}
        confirmLabel={t("revokeConfirm.confirm")}
        onConfirm={() => (revoking ? revoke.mutateAsync(revoking) : undefined)}
      />
    </Card>
  );
}
