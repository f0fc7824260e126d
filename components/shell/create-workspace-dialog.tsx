"use client";

import { useTranslations } from "next-intl";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogHeader,
  DialogTitle,
} from "@/components/ui/dialog";
import { CreateWorkspaceForm } from "./create-workspace-form";

export function CreateWorkspaceDialog({
  open,
  onOpenChange,
  workspaceCookie,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  workspaceCookie: string;
}) {
  const t = useTranslations("nav.workspaces");
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>{t("createTitle")}</DialogTitle>
          <DialogDescription>{t("createText")}</DialogDescription>
        </DialogHeader>
        <CreateWorkspaceForm
          workspaceCookie={workspaceCookie}
          onCancel={() => onOpenChange(false)}
          onCreated={() => onOpenChange(false)}
        />
      </DialogContent>
    </Dialog>
  );
}
