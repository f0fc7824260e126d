import type { BroadcastDto } from "./queries";

/** Sent, blocked, failed and cancelled as one bar, out of the recipients. */
export function ProgressBar({ broadcast: b }: { broadcast: BroadcastDto }) {
  const total = Math.max(1, b.total);
  const parts = [
    { n: b.progress.sent, className: "bg-emerald-500" },
    { n: b.progress.blocked, className: "bg-amber-400" },
    { n: b.progress.failed, className: "bg-red-500" },
    { n: b.progress.cancelled, className: "bg-slate-300" },
  ];
  const done = parts.reduce((s, p) => s + p.n, 0);
  return (
    <div
      className="flex h-2 w-full overflow-hidden rounded-full bg-slate-100"
      role="progressbar"
      aria-valuemin={0}
      aria-valuemax={b.total}
      aria-valuenow={done}
    >
      {parts.map((p, i) =>
        p.n ? (
          <div
            key={i}
            className={`${p.className} transition-[width] duration-700`}
            style={{ width: `${(p.n / total) * 100}%` }}
          />
        ) : null,
      )}
    </div>
  );
}
