"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Check, ChevronDown, Search } from "lucide-react";
import { useLocale, useTranslations } from "next-intl";
import { useMemo, useState } from "react";
import { toast } from "sonner";
import type { z } from "zod";
import { api } from "@/components/api/request";
import { useReportApiError } from "@/components/forms/api-errors";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { fieldClass } from "@/components/ui/input";
import { Popover } from "@/components/ui/popover";
import { Skeleton } from "@/components/ui/skeleton";
import { getWorkspace, updateWorkspace, type workspaceSchema } from "@/lib/api/contracts/workspace";
import { timeZoneNames } from "@/lib/workspaces/time-zone";

type Workspace = z.infer<typeof workspaceSchema>;
const workspaceKey = ["workspace"] as const;

/** Zones most shops here use, offered before the full list. */
const commonZones = [
  "Europe/Kaliningrad",
  "Europe/Moscow",
  "Europe/Samara",
  "Asia/Yekaterinburg",
  "Asia/Omsk",
  "Asia/Novosibirsk",
  "Asia/Krasnoyarsk",
  "Asia/Irkutsk",
  "Asia/Yakutsk",
  "Asia/Vladivostok",
  "Asia/Magadan",
  "Asia/Kamchatka",
  "Europe/Minsk",
  "Asia/Almaty",
  "Asia/Tashkent",
  "Europe/London",
  "Europe/Berlin",
  "America/New_York",
  "UTC",
];

function useZoneLabel() {
  const locale = useLocale();
  return useMemo(() => {
    const now = new Date();
    return (zone: string) => {
      try {
        const parts = new Intl.DateTimeFormat(locale, {
          timeZone: zone,
          timeZoneName: "longOffset",
          hour: "2-digit",
          minute: "2-digit",
        }).formatToParts(now);
        const offset = parts.find((p) => p.type === "timeZoneName")?.value ?? "";
        const time = parts
          .filter((p) => p.type === "hour" || p.type === "minute" || p.type === "literal")
          .map((p) => p.value)
          .join("")
          .trim();
        return { offset: offset.replace("GMT", "UTC") || "UTC", time };
      } catch {
        return { offset: "", time: "" };
      }
    };
  }, [locale]);
}

/** The workspace's time zone: how dates and times in bot messages read (docs/1c-integration.md). */
export function TimeZoneCard() {
  const t = useTranslations("eventTypes.timeZone");
  const queryClient = useQueryClient();
  const report = useReportApiError();
  const label = useZoneLabel();
  const [open, setOpen] = useState(false);
  const [search, setSearch] = useState("");
  const workspace = useQuery({
    queryKey: workspaceKey,
    queryFn: ({ signal }) =>
      api
        .get<{ workspace: Workspace }>(getWorkspace.path, undefined, signal)
        .then((r) => r.workspace),
  });
  const save = useMutation({
    mutationFn: (timeZone: string) =>
      api.patch<{ workspace: Workspace }>(updateWorkspace.path, { timeZone }),
    onSuccess: ({ workspace: saved }) => {
      queryClient.setQueryData(workspaceKey, saved);
      toast.success(t("saved", { zone: saved.timeZone }));
    },
    onError: (err) => report(err),
  });
  const all = useMemo(() => timeZoneNames(), []);
  const query = search.trim().toLowerCase().replace(/\s+/g, "_");
  const matches = query
    ? all.filter((z) => z.toLowerCase().includes(query)).slice(0, 60)
    : commonZones.filter((z) => all.includes(z) || z === "UTC");
  const current = workspace.data?.timeZone;

  function choose(zone: string) {
    setOpen(false);
    setSearch("");
    if (zone !== current) save.mutate(zone);
  }

  return (
    <Card>
      <CardHeader>
        <CardTitle>{t("title")}</CardTitle>
        <CardDescription>{t("description")}</CardDescription>
      </CardHeader>
      <CardContent>
        {workspace.isPending ? (
          <Skeleton className="h-9 w-80" />
        ) : (
          <div className="flex flex-wrap items-center gap-3">
            <Popover
              open={open}
              onOpenChange={setOpen}
              label={t("pick")}
              align="start"
              className="w-80"
              trigger={
                <button
                  type="button"
                  aria-haspopup="dialog"
                  aria-expanded={open}
                  aria-label={t("pick")}
                  onClick={() => setOpen(!open)}
                  className={cn(fieldClass, "flex h-9 w-80 items-center justify-between gap-2")}
                >
                  <span className="truncate">{current}</span>
                  <span className="flex items-center gap-2 text-xs text-slate-500">
                    {current ? label(current).offset : null}
                    <ChevronDown className="size-4" aria-hidden />
                  </span>
                </button>
              }
            >
              <div className="border-b border-slate-100 p-2">
                <div className="relative">
                  <Search
                    className="pointer-events-none absolute top-2.5 left-2 size-4 text-slate-400"
                    aria-hidden
                  />
                  <input
                    autoFocus
                    value={search}
                    onChange={(e) => setSearch(e.target.value)}
                    onKeyDown={(e) => {
                      if (e.key === "Enter" && matches[0]) {
                        e.preventDefault();
                        choose(matches[0]);
                      }
                    }}
                    placeholder={t("search")}
                    aria-label={t("search")}
                    className={cn(fieldClass, "h-9 w-full pl-8")}
                  />
                </div>
              </div>
              <p className="px-3 pt-2 text-xs font-medium text-slate-500">
                {query ? t("found", { count: matches.length }) : t("common")}
              </p>
              <ul role="listbox" aria-label={t("pick")} className="max-h-64 overflow-y-auto p-1">
                {matches.map((zone) => {
                  const { offset, time } = label(zone);
                  return (
                    <li key={zone} role="option" aria-selected={zone === current}>
                      <button
                        type="button"
                        onClick={() => choose(zone)}
                        className="flex w-full items-center gap-2 rounded px-2 py-1.5 text-left text-sm hover:bg-slate-100 focus:bg-slate-100 focus:outline-none"
                      >
                        <Check
                          className={cn(
                            "size-4 shrink-0 text-brand-600",
                            zone !== current && "invisible",
                          )}
                          aria-hidden
                        />
                        <span className="min-w-0 flex-1 truncate">{zone.replace(/_/g, " ")}</span>
                        <span className="text-xs whitespace-nowrap text-slate-500">
                          {time} · {offset}
                        </span>
                      </button>
                    </li>
                  );
                })}
                {matches.length === 0 ? (
                  <li className="px-2 py-3 text-sm text-slate-500">{t("none")}</li>
                ) : null}
              </ul>
            </Popover>
            {current ? (
              <span className="text-sm text-slate-500">
                {t("now", { time: label(current).time })}
              </span>
            ) : null}
            {save.isPending ? (
              <Button variant="ghost" size="sm" loading disabled>
                {t("saving")}
              </Button>
            ) : null}
          </div>
        )}
      </CardContent>
    </Card>
  );
}
