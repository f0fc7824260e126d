"use client";

import { useTranslations } from "next-intl";
import { useCallback } from "react";
import type { FieldValues, Path, UseFormSetError } from "react-hook-form";
import { toast } from "sonner";
import { ApiRequestError } from "@/components/api/request";

const knownCodes = new Set([
  "bad_request",
  "unauthorized",
  "forbidden",
  "not_found",
  "conflict",
  "payload_too_large",
  "unprocessable_entity",
  "rate_limited",
  "internal_error",
  "service_unavailable",
  "network_error",
]);

/** A short, translated headline for a failed request; the API's own message goes below it. */
export function useErrorTitle(): (err: unknown) => string {
  const t = useTranslations("errors.codes");
  return useCallback(
    (err: unknown) => {
      const code = err instanceof ApiRequestError ? err.code : "internal_error";
      return t(knownCodes.has(code) ? code : "internal_error");
    },
    [t],
  );
}

/**
 * Reports a failed mutation: field errors from the API's `details` go next to their fields (when
 * the form has them), everything else becomes a toast.
 */
export function useReportApiError() {
  const title = useErrorTitle();
  return useCallback(
    <T extends FieldValues>(
      err: unknown,
      form?: { setError: UseFormSetError<T>; fields: readonly Path<T>[] },
    ) => {
      if (form && err instanceof ApiRequestError && err.details.length) {
        const fields = new Set<string>(form.fields);
        let placed = 0;
        for (const issue of err.details) {
          if (fields.has(issue.path)) {
            form.setError(issue.path as Path<T>, { type: "server", message: issue.message });
            placed++;
          }
        }
        if (placed === err.details.length) return;
      }
      const description =
        err instanceof ApiRequestError && err.code !== "internal_error" ? err.message : undefined;
      toast.error(title(err), { description });
    },
    [title],
  );
}
