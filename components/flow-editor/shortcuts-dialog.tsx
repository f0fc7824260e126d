"use client";

import { useTranslations } from "next-intl";
import { Fragment, useSyncExternalStore } from "react";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogHeader,
  DialogTitle,
} from "@/components/ui/dialog";
import { editorShortcuts } from "./use-editor-shortcuts";

const subscribeNever = () => () => {};

/** Apple keyboards say ⌘ where others say Ctrl. */
function useModKey() {
  return useSyncExternalStore(
    subscribeNever,
    () => (/Mac|iPhone|iPad/.test(navigator.platform) ? "⌘" : "Ctrl"),
    () => "Ctrl",
  );
}

/** Every keyboard shortcut of the editor, opened with "?" or from the editor menu. */
export function ShortcutsDialog({
  open,
  onOpenChange,
}: {
  open: boolean;
  onOpenChange(open: boolean): void;
}) {
  const t = useTranslations("flows.editor.shortcuts");
  const mod = useModKey();
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>{t("title")}</DialogTitle>
          <DialogDescription>{t("text")}</DialogDescription>
        </DialogHeader>
        <dl className="grid grid-cols-[1fr_auto] gap-x-6 gap-y-2 text-sm">
          {editorShortcuts.map((shortcut) => (
            <Fragment key={shortcut.id}>
              <dt className="text-slate-700">{t(`items.${shortcut.id}`)}</dt>
              <dd className="flex items-center justify-end gap-1">
                {shortcut.keys.map((key, i) => (
                  <Fragment key={key}>
                    {i > 0 ? <span className="text-xs text-slate-400">+</span> : null}
                    <kbd className="min-w-6 rounded border border-slate-300 bg-slate-50 px-1.5 py-0.5 text-center font-sans text-xs text-slate-700 shadow-[0_1px_0_var(--color-slate-300)]">
                      {key === "Mod" ? mod : t.has(`keys.${key}`) ? t(`keys.${key}`) : key}
                    </kbd>
                  </Fragment>
                ))}
              </dd>
            </Fragment>
          ))}
        </dl>
      </DialogContent>
    </Dialog>
  );
}
