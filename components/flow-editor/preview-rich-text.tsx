"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import type { RichNode } from "@/lib/runtime/preview-text";

const blockMarks = new Set(["pre", "blockquote"]);

/** Telegram's entities as React elements; the text itself is never parsed as HTML. */
export function RichText({ nodes }: { nodes: readonly RichNode[] }) {
  return nodes.map((node, i) => {
    if (typeof node === "string") {
      // A block already ends its line; the newline after it would add an empty one.
      const previous = nodes[i - 1];
      const afterBlock = typeof previous === "object" && blockMarks.has(previous.mark);
      return afterBlock && node.startsWith("\n") ? node.slice(1) : node;
    }
    const children = <RichText nodes={node.children} />;
    switch (node.mark) {
      case "b":
        return (
          <strong key={i} className="font-semibold">
            {children}
          </strong>
        );
      case "i":
        return <em key={i}>{children}</em>;
      case "u":
        return <u key={i}>{children}</u>;
      case "s":
        return <s key={i}>{children}</s>;
      case "code":
        return (
          <code key={i} className="rounded bg-slate-100 px-1 font-mono text-[0.85em] text-rose-700">
            {children}
          </code>
        );
      case "pre":
        return (
          <pre
            key={i}
            className="my-1 overflow-x-auto rounded-md bg-slate-100 p-2 font-mono text-xs whitespace-pre [&_code]:bg-transparent [&_code]:p-0 [&_code]:text-slate-800"
          >
            {children}
          </pre>
        );
      case "blockquote":
        return (
          <blockquote
            key={i}
            className="my-1 rounded-r-md border-l-[3px] border-brand-500 bg-brand-50 py-0.5 pr-2 pl-2"
          >
            {children}
          </blockquote>
        );
      case "spoiler":
        return <Spoiler key={i}>{children}</Spoiler>;
      case "a":
        return node.href ? (
          <a
            key={i}
            href={node.href}
            target="_blank"
            rel="noopener noreferrer nofollow"
            className="text-brand-600 underline underline-offset-2"
          >
            {children}
          </a>
        ) : (
          <span key={i} className="text-brand-600">
            {children}
          </span>
        );
    }
  });
}

function Spoiler({ children }: { children: React.ReactNode }) {
  const t = useTranslations("flows.editor.preview");
  const [shown, setShown] = useState(false);
  if (shown) return <span className="rounded-sm bg-slate-200/60">{children}</span>;
  return (
    <span
      role="button"
      tabIndex={0}
      aria-label={t("spoiler")}
      title={t("spoiler")}
      onClick={() => setShown(true)}
      onKeyDown={(e) => {
        if (e.key === "Enter" || e.key === " ") {
          e.preventDefault();
          setShown(true);
        }
      }}
      className="cursor-pointer rounded-sm bg-slate-400 text-transparent select-none"
    >
      {children}
    </span>
  );
}
