"use client";

import { useLocale } from "next-intl";
import { useMemo } from "react";

/**
 * Dates in the user's language and their own time zone. The server renders in UTC
 * (lib/i18n/request.ts); these formatters only run on data fetched in the browser, so server
 * and client never disagree about the markup.
 */
export function useDateFormat() {
  const locale = useLocale();
  return useMemo(() => {
    const dateTime = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short" });
    const date = new Intl.DateTimeFormat(locale, { dateStyle: "medium" });
    const precise = new Intl.DateTimeFormat(locale, {
      dateStyle: "medium",
      timeStyle: "medium",
    });
    const relative = new Intl.RelativeTimeFormat(locale, { numeric: "auto" });
    return {
      dateTime: (iso: string) => dateTime.format(new Date(iso)),
      date: (iso: string) => date.format(new Date(iso)),
      precise: (iso: string) => precise.format(new Date(iso)),
      /** "3 days ago" for recent moments, the date otherwise. */
      ago: (iso: string) => {
        const seconds = (new Date(iso).getTime() - Date.now()) / 1000;
        const abs = Math.abs(seconds);
        if (abs < 60) return relative.format(Math.round(seconds), "second");
        if (abs < 3600) return relative.format(Math.round(seconds / 60), "minute");
        if (abs < 86400) return relative.format(Math.round(seconds / 3600), "hour");
        if (abs < 86400 * 30) return relative.format(Math.round(seconds / 86400), "day");
        return date.format(new Date(iso));
      },
    };
  }, [locale]);
}
