"use client";

import { useLocale } from "next-intl";
import { useMemo } from "react";
import { cn } from "@/components/ui/cn";

export interface Bar {
  key: string;
  label: React.ReactNode;
  value: number;
  /** What is written beside the bar (the value, formatted). */
  text: React.ReactNode;
  detail?: React.ReactNode;
}

/**
 * Horizontal bars with their figures written beside them: a list, so a screen reader reads
 * "label, figure" per row, and the bar itself is decoration.
 */
export function BarList({
  bars,
  label,
  tone = "brand",
  className,
}: {
  bars: Bar[];
  label: string;
  tone?: "brand" | "emerald" | "slate";
  className?: string;
}) {
  const max = Math.max(0, ...bars.map((b) => b.value));
  return (
    <ul aria-label={label} className={cn("space-y-1", className)}>
      {bars.map((bar) => (
        <li
          key={bar.key}
          className="grid grid-cols-[minmax(5.5rem,9rem)_1fr_auto] items-center gap-3 text-sm"
        >
          <span className="truncate text-slate-600">{bar.label}</span>
          <span aria-hidden className="h-3.5 overflow-hidden rounded-sm bg-slate-100">
            <span
              className={cn(
                "block h-full rounded-sm",
                tone === "brand" && "bg-brand-500",
                tone === "emerald" && "bg-emerald-500",
                tone === "slate" && "bg-slate-400",
              )}
              style={{ width: max ? `${(bar.value / max) * 100}%` : 0 }}
            />
          </span>
          <span className="min-w-16 text-right font-medium whitespace-nowrap text-slate-900 tabular-nums">
            {bar.text}
            {bar.detail ? (
              <span className="ml-1.5 font-normal text-slate-500">{bar.detail}</span>
            ) : null}
          </span>
        </li>
      ))}
    </ul>
  );
}

/** Numbers, percentages, durations and bucket labels in the reader's language. */
export function useFigures() {
  const locale = useLocale();
  return useMemo(() => {
    const number = new Intl.NumberFormat(locale);
    const percent = new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 1 });
    const unit = (u: "second" | "minute" | "hour") =>
      new Intl.NumberFormat(locale, {
        style: "unit",
        unit: u,
        unitDisplay: "short",
        maximumFractionDigits: 1,
      });
    const seconds = unit("second");
    const minutes = unit("minute");
    const hours = unit("hour");
    // Bucket days are calendar days: format them as such, whatever the browser's zone.
    const day = new Intl.DateTimeFormat(locale, {
      day: "numeric",
      month: "short",
      timeZone: "UTC",
    });
    const fullDay = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeZone: "UTC" });
    const calendar = (d: string) => new Date(`${d}T00:00:00Z`);
    return {
      number: (n: number) => number.format(n),
      percent: (ratio: number) => percent.format(ratio),
      duration: (s: number | null) =>
        s === null
          ? "—"
          : s < 60
            ? seconds.format(s)
            : s < 3600
              ? minutes.format(s / 60)
              : hours.format(s / 3600),
      day: (d: string) => day.format(calendar(d)),
      fullDay: (d: string) => fullDay.format(calendar(d)),
    };
  }, [locale]);
}
