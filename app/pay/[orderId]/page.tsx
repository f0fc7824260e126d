import { CheckCircle2, Clock, Undo2, XCircle } from "lucide-react";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { getDb } from "@/lib/db";
import { formatMoney, isCurrencyCode } from "@/lib/money/currency";
import { publicOrderStatus } from "@/lib/payments/orders/public-status";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("pay"))("title"), robots: { index: false } };
}

/**
 * Where Stripe and YooKassa send the buyer after the checkout page (success and cancel alike).
 * It only reports what the order's status already says and sends the buyer back to the chat;
 * the payment itself is confirmed by the provider's webhook, never by arriving here.
 */
export default async function PayReturnPage(props: {
  params: Promise<{ orderId: string }>;
  searchParams: Promise<{ canceled?: string }>;
}) {
  const [{ orderId }, { canceled }] = await Promise.all([props.params, props.searchParams]);
  const order = await publicOrderStatus(await getDb(), orderId);
  if (!order) notFound();
  const t = await getTranslations("pay");
  const locale = await getLocale();
  const state = order.state === "waiting" && canceled ? "canceled" : order.state;
  const Icon =
    state === "paid"
      ? CheckCircle2
      : state === "waiting"
        ? Clock
        : state === "refunded"
          ? Undo2
          : XCircle;
  const tone =
    state === "paid"
      ? "text-emerald-600"
      : state === "waiting"
        ? "text-amber-500"
        : "text-slate-400";
  const price =
    order.currency && isCurrencyCode(order.currency)
      ? formatMoney(order.amountMinor, order.currency, locale)
      : null;
  const chat = order.botUsername ? `https://t.me/${order.botUsername}` : null;
  return (
    <div className="flex min-h-screen items-center justify-center bg-gradient-to-b from-brand-50 via-slate-50 to-slate-50 px-4">
      {/* Until the provider confirms, look again every few seconds. */}
      {state === "waiting" && <meta httpEquiv="refresh" content="5" />}
      <Card className="w-full max-w-md p-8 text-center">
        <Icon className={`mx-auto size-12 ${tone}`} aria-hidden />
        <h1 className="mt-4 text-xl font-semibold text-slate-900">{t(`${state}.title`)}</h1>
        <p className="mt-2 text-sm text-slate-600">{t(`${state}.text`)}</p>
        <p className="mt-6 rounded-md bg-slate-50 px-4 py-3 text-sm text-slate-700">
          <span className="font-medium">{order.title}</span>
          {price && <span className="text-slate-500"> · {price}</span>}
        </p>
        {chat && (
          <Button asChild className="mt-6 w-full">
            <a href={chat}>{t("backToChat", { bot: `@${order.botUsername}` })}</a>
          </Button>
        )}
      </Card>
    </div>
  );
}
