"use client";

import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import {
  Archive,
  ArchiveRestore,
  MoreHorizontal,
  Package,
  Pencil,
  Plus,
  Search,
  Trash2,
} from "lucide-react";
import { useTranslations } from "next-intl";
import { useDeferredValue, useState } from "react";
import { toast } from "sonner";
import { api, ApiRequestError } from "@/components/api/request";
import { useReportApiError } from "@/components/forms/api-errors";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorState } from "@/components/ui/error-state";
import { Input } from "@/components/ui/input";
import { PageHeader } from "@/components/ui/page-header";
import { SkeletonRows } from "@/components/ui/skeleton";
import {
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
} from "@/components/ui/table";
import { Price } from "./price";
import { ProductFormDialog } from "./product-form-dialog";
import {
  productPath,
  productsKey,
  productsQuery,
  type ProductDto,
  type ProductStatus,
} from "./queries";

const statuses: ProductStatus[] = ["active", "archived", "all"];

export function ProductsView() {
  const t = useTranslations("products");
  const tc = useTranslations("common");
  const queryClient = useQueryClient();
  const report = useReportApiError();
  const [status, setStatus] = useState<ProductStatus>("active");
  const [search, setSearch] = useState("");
  const q = useDeferredValue(search.trim());
  const products = useQuery({ ...productsQuery({ status, q }), placeholderData: keepPreviousData });
  // Whether the workspace has any product at all decides between the list and the first-run page.
  const any = useQuery({ ...productsQuery({ status: "all" }), select: (d) => d.length > 0 });
  const [editing, setEditing] = useState<ProductDto | "new" | null>(null);
  const [deleting, setDeleting] = useState<ProductDto | null>(null);

  const refresh = () => queryClient.invalidateQueries({ queryKey: productsKey });
  const setActive = useMutation({
    mutationFn: ({ product, active }: { product: ProductDto; active: boolean }) =>
      api.patch<{ product: ProductDto }>(productPath(product.id), { active }),
    onSuccess: ({ product }) => {
      void refresh();
      toast.success(t(product.active ? "restored" : "archived", { title: product.title }));
    },
    onError: (err) => report(err),
  });
  const remove = useMutation({
    mutationFn: (product: ProductDto) => api.delete(productPath(product.id)),
    onSuccess: (_, product) => {
      void refresh();
      toast.success(t("delete.deleted", { title: product.title }));
    },
    onError: (err, product) => {
      if (err instanceof ApiRequestError && err.code === "conflict") {
        toast.error(t("delete.hasOrders", { title: product.title }), {
          duration: 10_000,
          action: product.active
            ? {
                label: t("delete.archiveInstead"),
                onClick: () => setActive.mutate({ product, active: false }),
              }
            : undefined,
        });
        return;
      }
      report(err);
    },
  });

  const newButton = (
    <Button onClick={() => setEditing("new")}>
      <Plus aria-hidden />
      {t("newProduct")}
    </Button>
  );
  const firstRun = any.data === false;

  return (
    <>
      <PageHeader
        title={t("title")}
        description={t("description")}
        actions={any.data ? newButton : null}
      />
      {firstRun || any.isPending || any.isError ? null : (
        <div className="mb-4 flex flex-col gap-3 sm:flex-row sm:items-center sm:justify-between">
          <div
            role="radiogroup"
            aria-label={t("filter.label")}
            className="inline-flex self-start rounded-md border border-slate-200 bg-white p-0.5 shadow-sm"
          >
            {statuses.map((s) => (
              <button
                key={s}
                type="button"
                role="radio"
                aria-checked={status === s}
                onClick={() => setStatus(s)}
                className={cn(
                  "rounded px-3 py-1.5 text-sm font-medium transition-colors",
                  status === s
                    ? "bg-brand-50 text-brand-700"
                    : "text-slate-600 hover:bg-slate-50 hover:text-slate-900",
                )}
              >
                {t(`filter.${s}`)}
              </button>
            ))}
          </div>
          <div className="relative sm:w-72">
            <Search
              className="pointer-events-none absolute top-1/2 left-3 size-4 -translate-y-1/2 text-slate-400"
              aria-hidden
            />
            <Input
              type="search"
              aria-label={t("search")}
              placeholder={t("search")}
              value={search}
              onChange={(e) => setSearch(e.target.value)}
              className="pl-9"
            />
          </div>
        </div>
      )}
      <Card>
        {products.isPending || any.isPending ? (
          <SkeletonRows rows={3} label={tc("loading")} />
        ) : products.isError ? (
          <ErrorState onRetry={() => void products.refetch()} />
        ) : firstRun ? (
          <EmptyState
            icon={Package}
            title={t("empty.title")}
            text={t("empty.text")}
            action={
              <Button onClick={() => setEditing("new")}>
                <Plus aria-hidden />
                {t("empty.action")}
              </Button>
            }
          />
        ) : products.data.length === 0 ? (
          <p className="px-5 py-10 text-center text-sm text-slate-600">
            {q
              ? t("noMatches", { query: q })
              : status === "archived"
                ? t("noneArchived")
                : t("noneActive")}
          </p>
        ) : (
          <Table stack aria-label={t("listLabel")}>
            <TableHeader>
              <TableRow className="hover:bg-transparent">
                <TableHead>{t("columns.product")}</TableHead>
                <TableHead>{t("columns.kind")}</TableHead>
                <TableHead className="text-right">{t("columns.price")}</TableHead>
                <TableHead>{t("columns.stock")}</TableHead>
                <TableHead>{t("columns.status")}</TableHead>
                <TableHead>
                  <span className="sr-only">{t("columns.actions")}</span>
                </TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {products.data.map((product) => (
                <TableRow key={product.id}>
                  <TableCell
                    label={t("columns.product")}
                    className="w-full max-w-0 max-md:max-w-none"
                  >
                    <button
                      type="button"
                      onClick={() => setEditing(product)}
                      className="block max-w-full truncate text-left font-medium text-slate-900 hover:text-brand-700 hover:underline focus-visible:underline focus-visible:outline-none"
                    >
                      {product.title}
                    </button>
                    {product.description ? (
                      <p className="truncate text-xs text-slate-500">{product.description}</p>
                    ) : null}
                  </TableCell>
                  <TableCell label={t("columns.kind")} className="whitespace-nowrap">
                    {t(`kinds.${product.kind}`)}
                    {product.kind === "subscription" && product.periodDays ? (
                      <span className="block text-xs text-slate-500">
                        {t("perPeriod", { days: product.periodDays })}
                      </span>
                    ) : null}
                  </TableCell>
                  <TableCell
                    label={t("columns.price")}
                    className="text-right whitespace-nowrap tabular-nums"
                  >
                    <span className="font-medium text-slate-900">
                      <Price minor={product.priceMinor} currency={product.currency} />
                    </span>
                    <span className="block text-xs text-slate-500">
                      {t(product.currency === "XTR" ? "sellsIn.stars" : "sellsIn.external")}
                    </span>
                  </TableCell>
                  <TableCell label={t("columns.stock")} className="whitespace-nowrap">
                    {product.stock === null ? (
                      <span className="text-slate-500">{t("stockUnlimited")}</span>
                    ) : (
                      <span className={cn(product.stock === 0 && "font-medium text-red-700")}>
                        {t("stockLeft", { count: product.stock })}
                      </span>
                    )}
                  </TableCell>
                  <TableCell label={t("columns.status")}>
                    {product.active ? (
                      <Badge tone="success">{t("status.active")}</Badge>
                    ) : (
                      <Badge>{t("status.archived")}</Badge>
                    )}
                  </TableCell>
                  <TableCell className="w-12 text-right max-md:w-auto max-md:justify-end">
                    <DropdownMenu>
                      <DropdownMenuTrigger asChild>
                        <Button
                          variant="ghost"
                          size="icon"
                          aria-label={t("actionsFor", { title: product.title })}
                        >
                          <MoreHorizontal aria-hidden />
                        </Button>
                      </DropdownMenuTrigger>
                      <DropdownMenuContent align="end">
                        <DropdownMenuItem onSelect={() => setEditing(product)}>
                          <Pencil aria-hidden />
                          {t("edit")}
                        </DropdownMenuItem>
                        <DropdownMenuItem
                          onSelect={() => setActive.mutate({ product, active: !product.active })}
                        >
                          {product.active ? (
                            <Archive aria-hidden />
                          ) : (
                            <ArchiveRestore aria-hidden />
                          )}
                          {product.active ? t("archive") : t("restore")}
                        </DropdownMenuItem>
                        <DropdownMenuItem
                          className="text-red-600 data-[highlighted]:bg-red-50 data-[highlighted]:text-red-700 [&_svg]:text-red-500"
                          onSelect={() => setDeleting(product)}
                        >
                          <Trash2 aria-hidden />
                          {tc("delete")}
                        </DropdownMenuItem>
                      </DropdownMenuContent>
                    </DropdownMenu>
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </Card>

      <ProductFormDialog
        open={editing !== null}
        product={editing === "new" ? null : editing}
        onOpenChange={(open) => !open && setEditing(null)}
      />
      <ConfirmDialog
        open={deleting !== null}
        onOpenChange={(open) => !open && setDeleting(null)}
        title={t("delete.title", { title: deleting?.title ?? "" })}
        description={t("delete.text")}
        confirmLabel={t("delete.confirm")}
        onConfirm={async () => {
          if (!deleting) return;
          try {
            await remove.mutateAsync(deleting);
          } catch (err) {
            // Ordered products cannot be deleted: close, and let the toast offer archiving.
            if (!(err instanceof ApiRequestError && err.code === "conflict")) throw err;
          }
        }}
      />
    </>
  );
}
