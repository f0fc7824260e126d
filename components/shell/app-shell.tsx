"use client";

import * as DialogPrimitive from "@radix-ui/react-dialog";
import { Menu, X } from "lucide-react";
import { useTranslations } from "next-intl";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useState } from "react";
import { cn } from "@/components/ui/cn";
import type { Role } from "@/lib/db/schema/accounts";
import { Brand } from "./brand";
import { isActive, navItemsFor } from "./nav-items";
import { UserMenu } from "./user-menu";
import { WorkspaceSwitcher, type SwitcherWorkspace } from "./workspace-switcher";

export interface ShellProps {
  user: { name: string; email: string };
  workspace: SwitcherWorkspace;
  workspaces: SwitcherWorkspace[];
  workspaceCookie: string;
  children: React.ReactNode;
}

function Navigation({ role, onNavigate }: { role: Role; onNavigate?: () => void }) {
  const t = useTranslations("nav");
  const pathname = usePathname();
  return (
    <nav aria-label={t("mainLabel")} className="flex-1 overflow-y-auto px-3 py-2">
      <ul className="space-y-0.5">
        {navItemsFor(role).map(({ href, label, icon: Icon }) => {
          const active = isActive(pathname, href);
          return (
            <li key={href}>
              <Link
                href={href}
                onClick={onNavigate}
                aria-current={active ? "page" : undefined}
                className={cn(
                  "flex items-center gap-3 rounded-md px-3 py-2 text-sm font-medium transition-colors",
                  active
                    ? "bg-brand-50 text-brand-700"
                    : "text-slate-600 hover:bg-slate-100 hover:text-slate-900",
                )}
              >
                <Icon
                  className={cn("size-4", active ? "text-brand-600" : "text-slate-400")}
                  aria-hidden
                />
                {t(label)}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}

function SidebarBody({
  user,
  workspace,
  workspaces,
  workspaceCookie,
  onNavigate,
}: Omit<ShellProps, "children"> & { onNavigate?: () => void }) {
  return (
    <>
      <div className="px-3 pt-3 pb-2">
        <WorkspaceSwitcher
          current={workspace}
          workspaces={workspaces}
          workspaceCookie={workspaceCookie}
        />
      </div>
      <Navigation role={workspace.role} onNavigate={onNavigate} />
      <div className="border-t border-slate-200 p-3">
        <UserMenu user={user} />
      </div>
    </>
  );
}

/**
 * The signed-in frame: a fixed sidebar on wide screens; on phones a top bar whose menu button
 * opens the same sidebar as a sheet.
 */
export function AppShell({ children, ...props }: ShellProps) {
  const t = useTranslations("nav");
  const tc = useTranslations("common");
  const [open, setOpen] = useState(false);

  return (
    <div className="min-h-screen">
      <aside className="fixed inset-y-0 left-0 hidden w-64 flex-col border-r border-slate-200 bg-white md:flex">
        <div className="flex h-14 items-center border-b border-slate-100 px-5">
          <Link href="/" className="rounded-sm">
            <Brand name={tc("appName")} />
          </Link>
        </div>
        <SidebarBody {...props} />
      </aside>

      <DialogPrimitive.Root open={open} onOpenChange={setOpen}>
        <header className="sticky top-0 z-30 flex h-14 items-center justify-between border-b border-slate-200 bg-white/95 px-4 backdrop-blur md:hidden">
          <Link href="/" className="rounded-sm">
            <Brand name={tc("appName")} />
          </Link>
          <span className="min-w-0 flex-1 truncate px-3 text-right text-sm text-slate-500">
            {props.workspace.name}
          </span>
          <DialogPrimitive.Trigger
            className="-mr-2 rounded-md p-2 text-slate-600 hover:bg-slate-100"
            aria-label={t("openMenu")}
          >
            <Menu className="size-5" aria-hidden />
          </DialogPrimitive.Trigger>
        </header>
        <DialogPrimitive.Portal>
          <DialogPrimitive.Overlay className="fixed inset-0 z-40 bg-slate-900/40 md:hidden" />
          <DialogPrimitive.Content className="fixed inset-y-0 left-0 z-50 flex w-72 max-w-[85vw] flex-col bg-white shadow-xl md:hidden">
            <div className="flex h-14 items-center justify-between border-b border-slate-100 px-5">
              <DialogPrimitive.Title asChild>
                <span>
                  <Brand name={tc("appName")} />
                </span>
              </DialogPrimitive.Title>
              <DialogPrimitive.Description className="sr-only">
                {t("menuDescription")}
              </DialogPrimitive.Description>
              <DialogPrimitive.Close
                className="-mr-2 rounded-md p-2 text-slate-500 hover:bg-slate-100"
                aria-label={t("closeMenu")}
              >
                <X className="size-5" aria-hidden />
              </DialogPrimitive.Close>
            </div>
            <SidebarBody {...props} onNavigate={() => setOpen(false)} />
          </DialogPrimitive.Content>
        </DialogPrimitive.Portal>
      </DialogPrimitive.Root>

      <main className="md:pl-64">
        <div className="mx-auto max-w-6xl px-4 py-6 sm:px-6 lg:px-8 lg:py-8">{children}</div>
      </main>
    </div>
  );
}
