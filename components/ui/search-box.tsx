"use client";

import { Search } from "lucide-react";
import { useEffect, useRef, useState } from "react";
import { cn } from "./cn";
import { Input } from "./input";

/**
 * A list's search field: what is typed applies after a short pause, at once on Enter, and when
 * the field is left. `value` is the applied search; when it changes from outside (filters
 * cleared, a link opened) the field follows.
 */
export function SearchBox({
  value,
  onSearch,
  label,
  placeholder,
  className,
  delayMs = 350,
}: {
  value: string;
  onSearch: (search: string) => void;
  label: string;
  placeholder?: string;
  className?: string;
  delayMs?: number;
}) {
  const [text, setText] = useState(value);
  const [applied, setApplied] = useState(value);
  // Follows an outside change, but keeps what is being typed ("Anna " applies as "Anna").
  if (value !== applied) {
    setApplied(value);
    if (text.trim() !== value) setText(value);
  }
  const search = useRef(onSearch);
  useEffect(() => {
    search.current = onSearch;
  });
  const apply = () => text.trim() !== value && search.current(text.trim());
  useEffect(() => {
    if (text.trim() === value) return;
    const timer = setTimeout(() => search.current(text.trim()), delayMs);
    return () => clearTimeout(timer);
  }, [text, value, delayMs]);

  return (
    <form
      className={cn("relative min-w-56 flex-1", className)}
      onSubmit={(e) => {
        e.preventDefault();
        apply();
      }}
    >
      <Search
        className="pointer-events-none absolute top-1/2 left-2.5 size-4 -translate-y-1/2 text-slate-400"
        aria-hidden
      />
      <Input
        type="search"
        aria-label={label}
        placeholder={placeholder}
        value={text}
        onChange={(e) => setText(e.target.value)}
        onBlur={apply}
        className="pl-8"
      />
    </form>
  );
}
