"use client";

import { RotateCw } from "lucide-react";
import { useTranslations } from "next-intl";
import { useDateFormat } from "@/components/format/use-date-format";
import { Button } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
} from "@/components/ui/dialog";
import type { WebhookDeliveryDto } from "@/lib/webhooks/dto";

/** A delivery's body as it was signed and sent, and every attempt with its answer. */
export function PayloadDialog({
  delivery,
  onOpenChange,
  onResend,
  resending,
}: {
  delivery: WebhookDeliveryDto | null;
  onOpenChange: (open: boolean) => void;
  onResend: (d: WebhookDeliveryDto) => void;
  resending: boolean;
}) {
  const t = useTranslations("webhooks.log");
  const tc = useTranslations("common");
  const dates = useDateFormat();
  const body = delivery ? JSON.stringify(delivery.payload, null, 2) : "";
  return (
    <Dialog open={delivery !== null} onOpenChange={onOpenChange}>
      <DialogContent className="sm:max-w-2xl">
        {delivery ? (
          <>
            <DialogHeader>
              <DialogTitle className="font-mono">{delivery.event}</DialogTitle>
              <DialogDescription>
                {t("payloadText", { id: delivery.id, when: dates.precise(delivery.createdAt) })}
              </DialogDescription>
            </DialogHeader>
            <div className="space-y-4">
              <section>
                <div className="mb-1.5 flex items-center justify-between">
                  <h3 className="text-sm font-medium text-slate-800">{t("payload")}</h3>
                  <CopyButton value={body} size="sm" />
                </div>
                <pre className="max-h-72 overflow-auto rounded-md bg-slate-900 p-3 text-xs text-slate-100">
                  <code>{body}</code>
                </pre>
              </section>
              <section>
                <h3 className="mb-1.5 text-sm font-medium text-slate-800">{t("attempts")}</h3>
                {delivery.log.length === 0 ? (
                  <p className="text-sm text-slate-500">{t("noAttempts")}</p>
                ) : (
                  <ol className="divide-y divide-slate-100 rounded-md border border-slate-200 text-xs">
                    {delivery.log.map((a, i) => (
                      <li key={i} className="flex flex-wrap items-center gap-x-3 gap-y-1 px-3 py-2">
                        <span className="w-5 text-slate-400">{i + 1}</span>
                        <time className="text-slate-600" dateTime={a.at}>
                          {dates.precise(a.at)}
                        </time>
                        <code
                          className={
                            a.status && a.status < 300
                              ? "font-mono text-emerald-700"
                              : "font-mono text-red-700"
                          }
                        >
                          {a.status ?? t("noResponse")}
                        </code>
                        <span className="text-slate-400">{t("ms", { ms: a.ms })}</span>
                        {a.error ? (
                          <span className="basis-full break-all text-red-700">{a.error}</span>
                        ) : null}
                      </li>
                    ))}
                  </ol>
                )}
              </section>
            </div>
            <DialogFooter>
              <Button variant="secondary" onClick={() => onOpenChange(false)}>
                {tc("close")}
              </Button>
              <Button loading={resending} onClick={() => onResend(delivery)}>
                <RotateCw aria-hidden />
                {t("resend")}
              </Button>
            </DialogFooter>
          </>
        ) : null}
      </DialogContent>
    </Dialog>
  );
}
