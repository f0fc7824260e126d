"use client";

import { useRouter } from "next/navigation";
import { useTransition } from "react";
import type { Locale } from "@/lib/i18n/config";
import { setLocaleCookie } from "./cookies";

/** Changes the language: the cookie decides it on the server, so a refresh re-renders the page. */
export function useSwitchLocale() {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  function switchLocale(locale: Locale) {
    setLocaleCookie(locale);
    startTransition(() => router.refresh());
  }
  return { switchLocale, pending };
}
