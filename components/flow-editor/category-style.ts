import type { NodeCategory } from "@/lib/flow/defineNode";

/** The accent of each palette category, on the canvas card and in the palette. */
export const categoryStyle: Record<NodeCategory, string> = {
  trigger: "bg-emerald-50 text-emerald-700",
  messaging: "bg-sky-50 text-sky-700",
  logic: "bg-violet-50 text-violet-700",
  commerce: "bg-amber-50 text-amber-700",
  support: "bg-rose-50 text-rose-700",
  integrations: "bg-slate-100 text-slate-700",
};
