"use client";

import { CircleCheck, Hourglass, LogOut, Users } from "lucide-react";
import { useFormatter, useTranslations } from "next-intl";
import { cn } from "@/components/ui/cn";
import { useFunnelCount, useFunnelView } from "./funnel-data";

const pill =
  "inline-flex items-center gap-1 rounded-full border px-2 py-0.5 text-xs font-medium whitespace-nowrap shadow-sm";

/**
 * A card's figures while the funnel is on, hung above the card: positioned out of its layout, so
 * the card keeps the size card-geometry.ts expects. They wrap upwards within the card's width,
 * and large counts are compact ("1.2M"; exact on hover), so they stay off neighbouring cards.
 */
export function NodeFunnelFigures({ nodeId }: { nodeId: string }) {
  const view = useFunnelView();
  const t = useTranslations("flows.editor.funnel.node");
  const format = useFormatter();
  const count = useFunnelCount();
  if (!view) return null;
  const help = (n: number, text: string) => `${format.number(n)}: ${text}`;
  const figures = view.nodes.get(nodeId);
  return (
    <div
      className="absolute bottom-full left-0 mb-1.5 flex w-full flex-wrap-reverse gap-1"
      data-funnel-node={nodeId}
    >
      {!figures ? (
        <span
          className={cn(pill, "border-dashed border-slate-300 bg-white text-slate-500")}
          title={t("notInVersionHelp", { n: view.n })}
        >
          {t("notInVersion", { n: view.n })}
        </span>
      ) : (
        <>
          <span
            className={cn(
              pill,
              figures.reached
                ? "border-slate-900 bg-slate-900 text-white"
                : "border-slate-200 bg-white text-slate-500",
            )}
            title={help(figures.reached, t("reachedHelp"))}
            data-funnel-reached={figures.reached}
          >
            <Users className="size-3.5" aria-hidden />
            {t("reached", { count: count(figures.reached) })}
          </span>
          {figures.left > 0 && figures.exits === 0 ? (
            <span
              className={cn(pill, "border-emerald-200 bg-emerald-50 text-emerald-800")}
              title={help(figures.left, t("endedHelp"))}
              data-funnel-left={figures.left}
            >
              <CircleCheck className="size-3.5" aria-hidden />
              {t("ended", { count: count(figures.left) })}
            </span>
          ) : figures.left > 0 ? (
            <span
              className={cn(pill, "border-red-200 bg-red-50 text-red-700")}
              title={help(figures.left, t("leftHelp"))}
              data-funnel-left={figures.left}
            >
              <LogOut className="size-3.5" aria-hidden />
              {t("left", {
                count: count(figures.left),
                share: format.number(figures.left / figures.reached, {
                  style: "percent",
                  maximumFractionDigits: 1,
                }),
              })}
            </span>
          ) : null}
          {figures.waiting > 0 ? (
            <span
              className={cn(pill, "border-amber-200 bg-amber-50 text-amber-800")}
              title={help(figures.waiting, t("waitingHelp"))}
              data-funnel-waiting={figures.waiting}
            >
              <Hourglass className="size-3.5" aria-hidden />
              {t("waiting", { count: count(figures.waiting) })}
            </span>
          ) : null}
        </>
      )}
    </div>
  );
}
