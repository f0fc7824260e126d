"use client";

import { History } from "lucide-react";
import dynamic from "next/dynamic";
import { useTranslations } from "next-intl";
import { useRef, useState } from "react";
import { Button } from "@/components/ui/button";

// The history and its diffs load when first opened, not with the editor (docs/performance.md).
const VersionsDialog = dynamic(() => import("./versions-dialog").then((m) => m.VersionsDialog));

/** Opens the version history; the dialog stays mounted once opened, with its restore step. */
export function VersionsMenu({ flowId }: { flowId: string }) {
  const t = useTranslations("flows.editor.versions");
  const [open, setOpen] = useState(false);
  const [mounted, setMounted] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  return (
    <>
      <Button
        ref={button}
        variant="ghost"
        size="icon"
        title={t("title")}
        aria-label={t("title")}
        aria-haspopup="dialog"
        aria-expanded={open}
        onClick={() => {
          setMounted(true);
          setOpen(true);
        }}
      >
        <History aria-hidden />
      </Button>
      {mounted ? (
        <VersionsDialog flowId={flowId} open={open} onOpenChange={setOpen} trigger={button} />
      ) : null}
    </>
  );
}
