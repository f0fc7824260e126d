"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { UserMinus } from "lucide-react";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import type { z } from "zod";
import { api } from "@/components/api/request";
import { useReportApiError } from "@/components/forms/api-errors";
import { useDateFormat } from "@/components/format/use-date-format";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { ErrorState } from "@/components/ui/error-state";
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
  listMembers,
  removeMember,
  updateMember,
  type memberSchema,
} from "@/lib/api/contracts/members";
import type { Role } from "@/lib/db/schema/accounts";
import { RoleSelect } from "./role-select";

type Member = z.infer<typeof memberSchema>;
export const membersKey = ["members"] as const;
const memberPath = (userId: string) => updateMember.path.replace("{id}", userId);

export function MembersView({
  currentUserId,
  canManage,
  canManageOwners,
}: {
  currentUserId: string;
  canManage: boolean;
  canManageOwners: boolean;
}) {
  const t = useTranslations("settings.members");
  const tc = useTranslations("common");
  const tr = useTranslations("common.roles");
  const dates = useDateFormat();
  const router = useRouter();
  const queryClient = useQueryClient();
  const report = useReportApiError();
  const [removing, setRemoving] = useState<Member | null>(null);
  const members = useQuery({
    queryKey: membersKey,
    queryFn: ({ signal }) =>
      api.get<{ data: Member[] }>(listMembers.path, undefined, signal).then((r) => r.data),
  });
  const changeRole = useMutation({
    mutationFn: ({ member, role }: { member: Member; role: Role }) =>
      api.patch<{ member: Member }>(memberPath(member.userId), { role }),
    onSuccess: ({ member }) => {
      toast.success(t("roleChanged", { name: member.name, role: tr(member.role) }));
      // Your own role decides what you may see.
      if (member.userId === currentUserId) router.refresh();
    },
    onError: (err) => report(err),
    onSettled: () => queryClient.invalidateQueries({ queryKey: membersKey }),
  });
  const remove = useMutation({
    mutationFn: (member: Member) => api.delete(removeMember.path.replace("{id}", member.userId)),
    onSuccess: (_, member) => {
      void queryClient.invalidateQueries({ queryKey: membersKey });
      toast.success(t("removed", { name: member.name }));
    },
    onError: (err) => report(err),
  });

  function rolesFor(member: Member): Role[] {
    // Only owners make or unmake owners (the API says the same).
    if (canManageOwners) return ["owner", "admin", "agent"];
    return member.role === "owner" ? ["owner"] : ["admin", "agent"];
  }

  return (
    <Card>
      <CardHeader>
        <CardTitle>{t("title")}</CardTitle>
        <CardDescription>{t("description")}</CardDescription>
      </CardHeader>
      {members.isPending ? (
        <SkeletonRows label={tc("loading")} />
      ) : members.isError ? (
        <ErrorState onRetry={() => void members.refetch()} />
      ) : (
        <Table aria-label={t("title")} stack>
          <TableHeader>
            <TableRow>
              <TableHead>{t("columns.member")}</TableHead>
              <TableHead>{t("columns.role")}</TableHead>
              <TableHead>{t("columns.joined")}</TableHead>
              <TableHead>
                <span className="sr-only">{t("columns.actions")}</span>
              </TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {members.data.map((member) => {
              const self = member.userId === currentUserId;
              const editable = canManage && (member.role !== "owner" || canManageOwners);
              return (
                <TableRow key={member.userId}>
                  <TableCell>
                    <div className="min-w-0">
                      <div className="flex items-center gap-2">
                        <span className="font-medium text-slate-900">{member.name}</span>
                        {self ? <Badge>{t("you")}</Badge> : null}
                      </div>
                      <div className="text-xs break-all text-slate-500">{member.email}</div>
                    </div>
                  </TableCell>
                  <TableCell label={t("columns.role")} className="md:w-44">
                    {editable ? (
                      <RoleSelect
                        value={member.role}
                        roles={rolesFor(member)}
                        disabled={changeRole.isPending}
                        className="max-md:w-40"
                        aria-label={t("roleFor", { name: member.name })}
                        onChange={(role) =>
                          role !== member.role && changeRole.mutate({ member, role })
                        }
                      />
                    ) : (
                      tr(member.role)
                    )}
                  </TableCell>
                  <TableCell label={t("columns.joined")} className="whitespace-nowrap">
                    {dates.date(member.joinedAt)}
                  </TableCell>
                  <TableCell className="text-right max-md:justify-end">
                    {editable && !self ? (
                      <Button
                        variant="ghost"
                        size="icon"
                        className="text-slate-500 hover:bg-red-50 hover:text-red-600"
                        aria-label={t("removeMember", { name: member.name })}
                        onClick={() => setRemoving(member)}
                      >
                        <UserMinus aria-hidden />
                      </Button>
                    ) : null}
                  </TableCell>
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
      )}
      <ConfirmDialog
        open={removing !== null}
        onOpenChange={(open) => !open && setRemoving(null)}
        title={t("removeConfirm.title", { name: removing?.name ?? "" })}
        description={t("removeConfirm.text")}
        confirmLabel={t("removeConfirm.confirm")}
        onConfirm={() => (removing ? remove.mutateAsync(removing) : undefined)}
      />
    </Card>
  );
}
