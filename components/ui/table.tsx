import { cn } from "./cn";

/**
 * A table that never breaks a phone layout: with `stack`, below the md breakpoint every row
 * becomes a small card and each cell shows its column name (the `label` of TableCell) before
 * its value; without it the table scrolls sideways inside its card.
 */
export function Table({
  className,
  stack = false,
  ...props
}: React.ComponentProps<"table"> & { stack?: boolean }) {
  return (
    <div className="w-full overflow-x-auto">
      <table
        className={cn("w-full caption-bottom text-sm", stack && "table-stack", className)}
        {...props}
      />
    </div>
  );
}

export function TableHeader({ className, ...props }: React.ComponentProps<"thead">) {
  return <thead className={cn("border-b border-slate-200 bg-slate-50/80", className)} {...props} />;
}

export function TableBody({ className, ...props }: React.ComponentProps<"tbody">) {
  return <tbody className={cn("divide-y divide-slate-100", className)} {...props} />;
}

export function TableRow({ className, ...props }: React.ComponentProps<"tr">) {
  return <tr className={cn("hover:bg-slate-50/60", className)} {...props} />;
}

export function TableHead({ className, ...props }: React.ComponentProps<"th">) {
  return (
    <th
      scope="col"
      className={cn(
        "h-10 px-4 text-left align-middle text-xs font-medium tracking-wide whitespace-nowrap text-slate-500 uppercase",
        className,
      )}
      {...props}
    />
  );
}

export function TableCell({
  className,
  label,
  ...props
}: React.ComponentProps<"td"> & {
  /** The column's name, shown before the value when a stacked table is on a phone. */
  label?: string;
}) {
  return (
    <td
      data-label={label}
      className={cn("px-4 py-3 align-middle text-slate-700", className)}
      {...props}
    />
  );
}
