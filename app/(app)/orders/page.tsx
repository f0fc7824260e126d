import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { Suspense } from "react";
import { OrdersView } from "@/components/orders/orders-view";
import { requireWorkspace } from "@/lib/auth/current";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("nav"))("orders") };
}

export default async function OrdersPage() {
  // The order timeline is journal entries, so reading orders needs what the journal needs.
  await requireWorkspace("/orders", "journal.read");
  return (
    <Suspense>
      <OrdersView />
    </Suspense>
  );
}
