"use client";

import { useEffect, useRef } from "react";
import { cn } from "./cn";

/**
 * A panel anchored under its trigger, for small pickers inside forms. It closes on Escape and
 * on a press outside; focus management is the content's job (it usually focuses a search box
 * on mount and hands focus back on close). Not portalled: it scrolls with the panel it sits in.
 */
export function Popover({
  open,
  onOpenChange,
  trigger,
  label,
  align = "end",
  className,
  children,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  trigger: React.ReactNode;
  /** The accessible name of the panel (role="dialog"). */
  label: string;
  align?: "start" | "end";
  className?: string;
  children: React.ReactNode;
}) {
  const root = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const onPointerDown = (event: PointerEvent) => {
      if (event.target instanceof Node && !root.current?.contains(event.target))
        onOpenChange(false);
    };
    document.addEventListener("pointerdown", onPointerDown);
    return () => document.removeEventListener("pointerdown", onPointerDown);
  }, [open, onOpenChange]);
  return (
    <div
      ref={root}
      className="relative"
      onKeyDown={(event) => {
        if (open && event.key === "Escape") {
          event.preventDefault();
          event.stopPropagation();
          onOpenChange(false);
        }
      }}
    >
      {trigger}
      {open ? (
        <div
          role="dialog"
          aria-label={label}
          className={cn(
            "absolute top-full z-50 mt-1 w-72 rounded-md border border-slate-200 bg-white text-slate-900 shadow-lg",
            align === "end" ? "right-0" : "left-0",
            className,
          )}
        >
          {children}
        </div>
      ) : null}
    </div>
  );
}
