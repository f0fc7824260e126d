import { ShoppingBag } from "lucide-react";
import { cn } from "@/components/ui/cn";

/** The product mark and name; `name` comes from the catalogue (common.appName). */
export function Brand({ name, className }: { name: string; className?: string }) {
  return (
    <span className={cn("flex items-center gap-2 font-semibold text-slate-900", className)}>
      <span className="flex size-7 items-center justify-center rounded-md bg-brand-600 text-white">
        <ShoppingBag className="size-4" aria-hidden />
      </span>
      {name}
    </span>
  );
}
