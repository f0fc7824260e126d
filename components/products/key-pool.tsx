"use client";

import { useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/react-query";
import { KeyRound, Trash2, Upload } from "lucide-react";
import Link from "next/link";
import { useTranslations } from "next-intl";
import { useRef, useState } from "react";
import { toast } from "sonner";
import type { z } from "zod";
import { api } from "@/components/api/request";
import { useReportApiError } from "@/components/forms/api-errors";
import { useDateFormat } from "@/components/format/use-date-format";
import { orderHref } from "@/components/orders/queries";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { ErrorState } from "@/components/ui/error-state";
import { Field } from "@/components/ui/field";
import { SkeletonRows } from "@/components/ui/skeleton";
import { Textarea } from "@/components/ui/textarea";
import type {
  addLicenseKeys,
  licenseKeySchema,
  listLicenseKeys,
} from "@/lib/api/contracts/products";
import { keysFromLines, MAX_KEY_UPLOAD_BYTES } from "@/lib/delivery/key-codes";
import { productsKey } from "./queries";

type KeyPage = z.infer<NonNullable<(typeof listLicenseKeys)["response"]>>;
type Added = z.infer<NonNullable<(typeof addLicenseKeys)["response"]>>;
type KeyDto = z.infer<typeof licenseKeySchema>;

const keysPath = (productId: string) => `/api/v1/products/${encodeURIComponent(productId)}/keys`;
const statusTone = { free: "success", given: "brand", revoked: "neutral" } as const;

/**
 * A license-key product's pool in its editor: paste or upload keys, see what is left, delete a
 * key nobody has. It talks to the API directly (saved at once), apart from the product form.
 */
export function KeyPool({ productId }: { productId: string }) {
  const t = useTranslations("products.keys");
  const tc = useTranslations("common");
  const dates = useDateFormat();
  const queryClient = useQueryClient();
  const report = useReportApiError();
  const fileInput = useRef<HTMLInputElement>(null);
  const [pasted, setPasted] = useState("");
  const [result, setResult] = useState<Added | null>(null);
  const [deleting, setDeleting] = useState<KeyDto | null>(null);
  const queryKey = [...productsKey, productId, "keys"] as const;

  const keys = useInfiniteQuery({
    queryKey,
    queryFn: ({ signal, pageParam }) =>
      api.get<KeyPage>(keysPath(productId), { cursor: pageParam, limit: 50 }, signal),
    initialPageParam: null as number | null,
    getNextPageParam: (last) => last.nextCursor,
  });
  // Stock shows in the products list too: refresh both.
  const refresh = () => queryClient.invalidateQueries({ queryKey: productsKey });

  const add = useMutation({
    mutationFn: (upload: { codes: string[] } | { csv: string }) =>
      "csv" in upload
        ? api.postText<Added>(keysPath(productId), upload.csv, "text/csv")
        : api.post<Added>(keysPath(productId), upload),
    onSuccess: (added, upload) => {
      setResult(added);
      if ("codes" in upload) setPasted("");
      void refresh();
    },
    onError: (err) => report(err),
  });
  const remove = useMutation({
    mutationFn: (key: KeyDto) => api.delete(`${keysPath(productId)}/${key.id}`),
    onSuccess: (_, key) => {
      toast.success(t("deleted", { key: key.masked }));
      void refresh();
    },
    onError: (err) => report(err),
  });

  async function upload(file: File | undefined) {
    if (fileInput.current) fileInput.current.value = "";
    if (!file) return;
    if (file.size > MAX_KEY_UPLOAD_BYTES) {
      toast.error(t("fileTooBig"));
      return;
    }
    add.mutate({ csv: await file.text() });
  }

  const lines = keysFromLines(pasted);
  const counts = keys.data?.pages[0]?.counts;
  const rows = keys.data?.pages.flatMap((p) => p.data) ?? [];

  return (
    <section
      aria-labelledby="key-pool-title"
      className="space-y-3 rounded-md border border-slate-200 bg-slate-50/60 p-3"
      data-testid="key-pool"
    >
      <div className="flex flex-wrap items-baseline justify-between gap-x-3 gap-y-1">
        <h3 id="key-pool-title" className="flex items-center gap-1.5 text-sm font-semibold">
          <KeyRound className="size-4 text-slate-500" aria-hidden />
          {t("legend")}
        </h3>
        <span className="text-xs text-slate-500">{t("instant")}</span>
      </div>

      <p className="text-sm" aria-live="polite" data-testid="key-stock">
        {counts ? (
          <>
            <span className={counts.free === 0 ? "font-medium text-red-700" : "font-medium"}>
              {t("stock", { free: counts.free })}
            </span>
            {counts.given ? (
              <span className="text-slate-500"> · {t("given", { count: counts.given })}</span>
            ) : null}
            {counts.revoked ? (
              <span className="text-slate-500"> · {t("revoked", { count: counts.revoked })}</span>
            ) : null}
          </>
        ) : (
          <span className="text-slate-400">{tc("loading")}</span>
        )}
      </p>

      <Field id="key-pool-paste" label={t("paste")} hint={t("pasteHint")}>
        {(control) => (
          <Textarea
            {...control}
            rows={3}
            spellCheck={false}
            autoComplete="off"
            className="font-mono text-xs"
            placeholder={t("pastePlaceholder")}
            value={pasted}
            onChange={(e) => setPasted(e.target.value)}
          />
        )}
      </Field>
      <div className="flex flex-wrap items-center gap-2">
        <Button
          size="sm"
          disabled={lines.length === 0}
          loading={add.isPending && add.variables && "codes" in add.variables}
          onClick={() => add.mutate({ codes: lines })}
        >
          {t("add", { count: lines.length })}
        </Button>
        <Button
          size="sm"
          variant="secondary"
          loading={add.isPending && add.variables && "csv" in add.variables}
          onClick={() => fileInput.current?.click()}
        >
          <Upload aria-hidden />
          {t("csv")}
        </Button>
        <input
          ref={fileInput}
          type="file"
          accept=".csv,.txt,text/csv,text/plain"
          className="sr-only"
          tabIndex={-1}
          aria-label={t("csv")}
          onChange={(e) => void upload(e.target.files?.[0])}
        />
        <span className="text-xs text-slate-500">{t("csvHint")}</span>
      </div>
      {result ? (
        <p role="status" className="text-sm text-emerald-700" data-testid="key-result">
          {t("result", result)}
        </p>
      ) : null}

      {keys.isPending ? (
        <SkeletonRows rows={2} label={tc("loading")} />
      ) : keys.isError ? (
        <ErrorState onRetry={() => void keys.refetch()} />
      ) : rows.length === 0 ? (
        <p className="rounded-md bg-white p-3 text-sm text-slate-600">{t("empty")}</p>
      ) : (
        <div className="max-h-64 overflow-y-auto rounded-md border border-slate-200 bg-white">
          <ul aria-label={t("listLabel")} className="divide-y divide-slate-100 text-sm">
            {rows.map((key) => (
              <li key={key.id} className="flex items-center gap-3 px-3 py-1.5">
                <span className="w-24 shrink-0 font-mono text-xs text-slate-800">{key.masked}</span>
                <Badge tone={statusTone[key.status]}>{t(`status.${key.status}`)}</Badge>
                <span className="min-w-0 flex-1 truncate text-xs text-slate-500">
                  {key.orderId ? (
                    <Link href={orderHref(key.orderId)} className="text-brand-700 hover:underline">
                      {t("order")} {key.orderId.slice(0, 8)}
                    </Link>
                  ) : (
                    <>
                      {t("added")} {dates.date(key.createdAt)}
                    </>
                  )}
                </span>
                {key.status === "free" ? (
                  <Button
                    variant="ghost"
                    size="icon"
                    className="size-7 text-slate-500 hover:text-red-600"
                    aria-label={t("deleteLabel", { key: key.masked })}
                    onClick={() => setDeleting(key)}
                  >
                    <Trash2 aria-hidden />
                  </Button>
                ) : (
                  <span className="size-7 shrink-0" aria-hidden />
                )}
              </li>
            ))}
          </ul>
          {keys.hasNextPage ? (
            <div className="border-t border-slate-100 p-2 text-center">
              <Button
                variant="ghost"
                size="sm"
                loading={keys.isFetchingNextPage}
                onClick={() => void keys.fetchNextPage()}
              >
                {t("more")}
              </Button>
            </div>
          ) : null}
        </div>
      )}

      <ConfirmDialog
        open={deleting !== null}
        onOpenChange={(open) => !open && setDeleting(null)}
        title={t("deleteTitle", { key: deleting?.masked ?? "" })}
        description={t("deleteText")}
        confirmLabel={t("deleteConfirm")}
        onConfirm={() => (deleting ? remove.mutateAsync(deleting) : undefined)}
      />
    </section>
  );
}
