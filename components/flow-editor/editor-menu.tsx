"use client";

import { Download, Keyboard, LayoutDashboard, MoreHorizontal, Upload } from "lucide-react";
import dynamic from "next/dynamic";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";
import { exportFlowJson } from "@/lib/flow/import";
import { useFlowEditor } from "./store";

// Loads when first opened, not with the editor (docs/performance.md).
const ImportDialog = dynamic(() => import("./import-dialog").then((m) => m.ImportDialog));

/** Saves the present document as `<flow name>.json`. */
function downloadDocument(name: string) {
  const json = exportFlowJson(useFlowEditor.getState().history.present);
  const url = URL.createObjectURL(new Blob([json], { type: "application/json" }));
  const link = document.createElement("a");
  link.href = url;
  link.download = `${name.replace(/[\\/:*?"<>|]+/g, "_").trim() || "flow"}.json`;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/** Less frequent editor actions: arrange, export, import, shortcuts. */
export function EditorMenu({
  flowName,
  canManage,
  onShortcuts,
}: {
  flowName: string;
  canManage: boolean;
  onShortcuts(): void;
}) {
  const t = useTranslations("flows.editor.menu");
  const arrange = useFlowEditor((s) => s.arrange);
  const [importing, setImporting] = useState(false);
  return (
    <>
      <DropdownMenu>
        <DropdownMenuTrigger asChild>
          <Button variant="ghost" size="icon" title={t("title")} aria-label={t("title")}>
            <MoreHorizontal aria-hidden />
          </Button>
        </DropdownMenuTrigger>
        <DropdownMenuContent align="end" className="w-56">
          {canManage ? (
            <DropdownMenuItem onSelect={() => void arrange()}>
              <LayoutDashboard aria-hidden />
              {t("arrange")}
            </DropdownMenuItem>
          ) : null}
          <DropdownMenuItem onSelect={() => downloadDocument(flowName)}>
            <Download aria-hidden />
            {t("export")}
          </DropdownMenuItem>
          {canManage ? (
            <DropdownMenuItem onSelect={() => setImporting(true)}>
              <Upload aria-hidden />
              {t("import")}
            </DropdownMenuItem>
          ) : null}
          <DropdownMenuSeparator />
          <DropdownMenuItem onSelect={onShortcuts}>
            <Keyboard aria-hidden />
            {t("shortcuts")}
          </DropdownMenuItem>
        </DropdownMenuContent>
      </DropdownMenu>
      {importing ? <ImportDialog open onOpenChange={setImporting} /> : null}
    </>
  );
}
