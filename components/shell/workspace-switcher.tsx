"use client";

import { useQueryClient } from "@tanstack/react-query";
import { Building2, ChevronsUpDown, Plus } from "lucide-react";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState } from "react";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuRadioGroup,
  DropdownMenuRadioItem,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";
import type { Role } from "@/lib/db/schema/accounts";
import { setCookie } from "./cookies";
import { CreateWorkspaceDialog } from "./create-workspace-dialog";

export interface SwitcherWorkspace {
  id: string;
  name: string;
  role: Role;
}

export function WorkspaceSwitcher({
  current,
  workspaces,
  workspaceCookie,
}: {
  current: SwitcherWorkspace;
  workspaces: SwitcherWorkspace[];
  /** The cookie the API reads the workspace from (lib/api/caller.ts), passed in by the server. */
  workspaceCookie: string;
}) {
  const t = useTranslations("nav.workspaces");
  const tr = useTranslations("common.roles");
  const router = useRouter();
  const queryClient = useQueryClient();
  const [creating, setCreating] = useState(false);

  function switchTo(id: string) {
    if (id === current.id) return;
    setCookie(workspaceCookie, id);
    // Every cached query belongs to the old workspace.
    queryClient.clear();
    router.refresh();
  }

  return (
    <>
      <DropdownMenu>
        <DropdownMenuTrigger
          className="flex w-full items-center gap-3 rounded-md border border-slate-200 bg-white px-3 py-2 text-left shadow-sm hover:bg-slate-50"
          aria-label={t("switcherLabel", { name: current.name })}
        >
          <span className="flex size-8 shrink-0 items-center justify-center rounded-md bg-brand-600 text-sm font-semibold text-white">
            {current.name.trim().charAt(0).toUpperCase() || "·"}
          </span>
          <span className="min-w-0 flex-1">
            <span className="block truncate text-sm font-medium text-slate-900">
              {current.name}
            </span>
            <span className="block text-xs text-slate-500">{tr(current.role)}</span>
          </span>
          <ChevronsUpDown className="size-4 shrink-0 text-slate-400" aria-hidden />
        </DropdownMenuTrigger>
        <DropdownMenuContent align="start" className="w-64">
          <DropdownMenuLabel>{t("title")}</DropdownMenuLabel>
          <DropdownMenuRadioGroup value={current.id} onValueChange={switchTo}>
            {workspaces.map((w) => (
              <DropdownMenuRadioItem key={w.id} value={w.id}>
                <Building2 aria-hidden />
                <span className="min-w-0 flex-1 truncate">{w.name}</span>
                <span className="text-xs text-slate-500">{tr(w.role)}</span>
              </DropdownMenuRadioItem>
            ))}
          </DropdownMenuRadioGroup>
          <DropdownMenuSeparator />
          <DropdownMenuItem onSelect={() => setCreating(true)}>
            <Plus aria-hidden />
            {t("create")}
          </DropdownMenuItem>
        </DropdownMenuContent>
      </DropdownMenu>
      <CreateWorkspaceDialog
        open={creating}
        onOpenChange={setCreating}
        workspaceCookie={workspaceCookie}
      />
    </>
  );
}
