import type { z } from "zod";
import { api } from "@/components/api/request";
import {
  getOrder,
  listOrders,
  type deliverySchema,
  type orderSchema,
  type orderSummarySchema,
  type orderTimelineEntrySchema,
} from "@/lib/api/contracts/orders";

export type OrderSummaryDto = z.infer<typeof orderSummarySchema>;
export type OrderDto = z.infer<typeof orderSchema>;
export type TimelineEntryDto = z.infer<typeof orderTimelineEntrySchema>;
export type DeliveryDto = z.infer<typeof deliverySchema>;

export interface OrderFilters {
  status?: string;
  provider?: string;
  mode?: string;
  from?: string;
  q?: string;
}

export const ordersKey = ["orders"] as const;

export const ordersQuery = (filters: OrderFilters) => ({
  queryKey: [...ordersKey, "list", filters] as const,
  queryFn: ({ signal, pageParam }: { signal: AbortSignal; pageParam: string | null }) =>
    api.get<{ data: OrderSummaryDto[]; nextCursor: string | null }>(
      listOrders.path,
      { ...filters, cursor: pageParam, limit: 50 },
      signal,
    ),
  initialPageParam: null as string | null,
  getNextPageParam: (last: { nextCursor: string | null }) => last.nextCursor,
});

export const orderQuery = (id: string) => ({
  queryKey: [...ordersKey, id] as const,
  queryFn: ({ signal }: { signal: AbortSignal }) =>
    api.get<{ order: OrderDto; delivery: DeliveryDto | null; timeline: TimelineEntryDto[] }>(
      getOrder.path.replace("{id}", encodeURIComponent(id)),
      undefined,
      signal,
    ),
  retry: false,
});

export const orderHref = (id: string) => `/orders/${encodeURIComponent(id)}`;
