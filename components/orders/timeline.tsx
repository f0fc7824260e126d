"use client";

import { useTranslations } from "next-intl";
import { useDateFormat } from "@/components/format/use-date-format";
import { cn } from "@/components/ui/cn";
import { orderStatuses, type OrderStatus } from "@/lib/payments/orders/status";
import { deliveryMethods, type DeliveryMethod } from "@/lib/delivery/settings";
import { useDeliveryReason } from "./delivery-reason";
import { useMoney } from "./money";
import type { OrderDto, TimelineEntryDto } from "./queries";

const dotTones: Partial<Record<string, string>> = {
  "order.paid": "bg-emerald-500",
  "order.fulfilled": "bg-emerald-600",
  "order.failed": "bg-red-500",
  "order.refunded": "bg-violet-500",
  "order.expired": "bg-orange-400",
  "order.pending": "bg-amber-400",
  "order.transition_refused": "bg-red-300",
  "delivery.issued": "bg-emerald-600",
  "delivery.failed": "bg-red-500",
  "delivery.out_of_stock": "bg-red-500",
  "delivery.revoked": "bg-violet-500",
  "delivery.expired": "bg-orange-400",
  "delivery.download_refused": "bg-red-300",
};

const isMethod = (m: unknown): m is DeliveryMethod =>
  typeof m === "string" && (deliveryMethods as readonly string[]).includes(m);

const isStatus = (s: unknown): s is OrderStatus =>
  typeof s === "string" && (orderStatuses as readonly string[]).includes(s);

/** "yookassa:payment.succeeded" → "payment.succeeded"; other causes are shown as they are. */
function eventOf(reason: unknown, provider: string): string | null {
  if (typeof reason !== "string") return null;
  return reason.startsWith(`${provider}:`) ? reason.slice(provider.length + 1) : null;
}

/** The order's story in words, oldest first; each entry says who or what caused it. */
export function OrderTimeline({
  order,
  entries,
}: {
  order: OrderDto;
  entries: TimelineEntryDto[];
}) {
  const t = useTranslations("orders");
  const methods = useTranslations("products.delivery.methods");
  const dates = useDateFormat();
  const money = useMoney();
  const reasonOf = useDeliveryReason();
  const provider = t(`providers.${order.provider}`);

  function actorOf(entry: Extract<TimelineEntryDto, { source: "journal" }>): string {
    switch (entry.actorType) {
      case "user":
        return entry.actorName ?? t("actors.unknown");
      case "api_key":
        return t("actors.api_key", { name: entry.actorName ?? "?" });
      case "contact":
        return order.contact?.name || t("actors.contact");
      default:
        return t("actors.system");
    }
  }

  /** detail: a technical cause or id (monospace); note: the owner's own words. */
  function describe(entry: TimelineEntryDto): {
    title: string;
    detail: string | null;
    note?: string | null;
  } {
    if (entry.source === "payment_event") {
      return {
        title: t("timeline.providerEvent", {
          provider: t(`providers.${entry.provider}`),
          type: entry.type,
        }),
        detail: entry.eventId,
      };
    }
    const data = entry.data;
    const reason = typeof data.reason === "string" ? data.reason : null;
    const event = eventOf(data.reason, order.provider);
    const withEvent = (text: string) => (event ? `${text} — ${event}` : text);
    const cause = event ? null : reason ? t("timeline.reason", { reason }) : null;
    const human = entry.actorType === "user" || entry.actorType === "api_key";
    const by = human ? ` ${t("timeline.by", { actor: actorOf(entry) })}` : "";
    switch (entry.kind) {
      case "order.created":
        return {
          title: t("timeline.createdVia", {
            amount: money(order.amountMinor, order.currency),
            provider,
          }),
          detail: null,
        };
      case "order.paid":
        return {
          title: withEvent(t(data.late ? "timeline.paidLate" : "timeline.paid", { provider })),
          detail: cause,
        };
      case "order.refunded": {
        // refund.requested / refund.external are ours; the owner's words are in `note`.
        const note = typeof data.note === "string" ? t("timeline.note", { note: data.note }) : null;
        if (reason === "refund.external")
          return {
            title: t("timeline.refundedExternally", { actor: actorOf(entry) }),
            detail: null,
            note,
          };
        return {
          title: withEvent(
            human ? t("timeline.refundedBy", { actor: actorOf(entry) }) : t("timeline.refunded"),
          ),
          detail: reason === "refund.requested" ? null : cause,
          note,
        };
      }
      case "order.refund_requested":
      case "refund.requested":
        return {
          title: t("timeline.refundRequested", { actor: actorOf(entry) }),
          detail: null,
          note: reason ? t("timeline.note", { note: reason }) : null,
        };
      case "order.refund_failed":
      case "refund.failed":
        return { title: t("timeline.refundFailed") + by, detail: cause };
      case "order.transition_refused":
        return {
          title: t("timeline.refused", {
            to: isStatus(data.to) ? t(`status.${data.to}`) : String(data.to),
            from: isStatus(data.from) ? t(`status.${data.from}`) : String(data.from),
          }),
          detail: reason,
        };
      case "order.pending":
      case "order.fulfilled":
      case "order.failed":
      case "order.canceled":
      case "order.expired": {
        const status = entry.kind.slice("order.".length);
        return { title: withEvent(t(`timeline.${status as "pending"}`)) + by, detail: cause };
      }
      case "delivery.issued":
        return {
          title:
            (isMethod(data.method)
              ? t("timeline.deliveryIssued", { method: methods(data.method) })
              : t("timeline.deliveryIssued", { method: String(data.method ?? "") })) + by,
          detail: null,
        };
      case "delivery.failed":
      case "delivery.out_of_stock": {
        const handling =
          data.handling === "refund"
            ? t("timeline.handlingRefund")
            : data.handling === "hold"
              ? t("timeline.handlingHold")
              : null;
        const title =
          entry.kind === "delivery.out_of_stock"
            ? t("timeline.outOfStock")
            : t("timeline.deliveryFailed", { reason: reasonOf(reason) });
        return { title: (handling ? `${title} — ${handling}` : title) + by, detail: null };
      }
      case "delivery.expired":
        return {
          title:
            typeof data.maxUses === "number"
              ? t("timeline.deliveryExpired", { uses: Number(data.uses ?? 0), max: data.maxUses })
              : t("timeline.deliveryExpiredNoLimit"),
          detail: null,
        };
      case "delivery.downloaded":
        return {
          title:
            typeof data.maxUses === "number"
              ? t("timeline.downloaded", { use: Number(data.use ?? 0), max: data.maxUses })
              : t("timeline.downloadedNoLimit"),
          detail: typeof data.ip === "string" ? t("timeline.fromIp", { ip: data.ip }) : null,
        };
      case "delivery.download_refused": {
        const why = data.why;
        return {
          title: t("timeline.downloadRefused", {
            why:
              why === "used" || why === "expired" || why === "revoked"
                ? t(`downloadRefused.${why}`)
                : t("downloadRefused.unknown"),
          }),
          detail: typeof data.ip === "string" ? t("timeline.fromIp", { ip: data.ip }) : null,
        };
      }
      case "delivery.used":
        return { title: t("timeline.deliveryUsed"), detail: null };
      case "delivery.revoked":
        return { title: t("timeline.deliveryRevoked") + by, detail: cause };
      case "stock.low":
        return {
          title: t("timeline.stockLow", {
            left: Number(data.left ?? 0),
            product: String(data.product ?? ""),
          }),
          detail: null,
        };
      case "keys.added":
        return {
          title:
            t("timeline.keysAdded", {
              added: Number(data.added ?? 0),
              product: String(data.product ?? ""),
            }) + by,
          detail: null,
        };
      case "key.deleted":
        return {
          title:
            t("timeline.keyDeleted", {
              key: String(data.key ?? ""),
              product: String(data.product ?? ""),
            }) + by,
          detail: null,
        };
      case "order.partially_refunded":
        return {
          title: t("timeline.partiallyRefunded", {
            amount: money(Number(data.refundedMinor ?? 0), order.currency),
          }),
          detail: null,
        };
      case "payment.late":
        return { title: t("timeline.paymentLate"), detail: null };
      case "payment.amount_mismatch":
        return { title: t("timeline.amountMismatch"), detail: null };
      case "subscription.renewed":
        return { title: t("timeline.subscriptionRenewed"), detail: null };
      case "subscription.ended":
        return { title: t("timeline.subscriptionEnded"), detail: cause };
      default:
        return { title: t("timeline.other", { kind: entry.kind }) + by, detail: cause };
    }
  }

  if (entries.length === 0) {
    return <p className="p-5 text-sm text-slate-500">{t("page.timelineEmpty")}</p>;
  }
  return (
    <ol className="relative space-y-5 p-5" aria-label={t("page.timeline")}>
      {entries.map((entry, i) => {
        const { title, detail, note } = describe(entry);
        const tone =
          entry.source === "payment_event"
            ? "bg-white ring-2 ring-sky-400"
            : (dotTones[entry.kind] ?? "bg-slate-300");
        return (
          <li key={entry.id} className="relative flex gap-3 pl-1">
            {i < entries.length - 1 ? (
              <span
                aria-hidden
                className="absolute top-4 bottom-[-1.25rem] left-[0.6rem] w-px bg-slate-200"
              />
            ) : null}
            <span
              aria-hidden
              className={cn("relative mt-1.5 size-2.5 shrink-0 rounded-full", tone)}
            />
            <div className="min-w-0 flex-1">
              <p className="text-sm font-medium text-slate-900">{title}</p>
              <p className="mt-0.5 flex flex-wrap gap-x-2 text-xs text-slate-500">
                <time dateTime={entry.at} title={dates.precise(entry.at)}>
                  {dates.precise(entry.at)}
                </time>
                {entry.source === "journal" ? (
                  <span className="font-mono text-slate-400">{entry.kind}</span>
                ) : null}
                {detail ? (
                  <span className="font-mono break-all text-slate-500">{detail}</span>
                ) : null}
              </p>
              {note ? <p className="mt-1 text-sm break-words text-slate-600">{note}</p> : null}
            </div>
          </li>
        );
      })}
    </ol>
  );
}
