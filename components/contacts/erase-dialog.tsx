"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { toast } from "sonner";
import { api } from "@/components/api/request";
import { Button } from "@/components/ui/button";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
} from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { contactsKey, erasePath, type ContactDetailDto } from "./queries";

const WORD = "ERASE";

/** Erasure cannot be undone: the owner types ERASE (or the contact's name) to confirm. */
export function EraseDialog({
  contact,
  open,
  onOpenChange,
}: {
  contact: ContactDetailDto;
  open: boolean;
  onOpenChange: (open: boolean) => void;
}) {
  const t = useTranslations("contacts.erase");
  const tc = useTranslations("common");
  const qc = useQueryClient();
  const router = useRouter();
  const [typed, setTyped] = useState("");
  const ok = typed.trim() === WORD || (contact.name !== "" && typed.trim() === contact.name);
  const erase = useMutation({
    mutationFn: () =>
      api.post<{ messages: number; orders: number }>(erasePath(contact.id), { confirm: WORD }),
    onSuccess: (r) => {
      toast.success(t("done", { messages: r.messages, orders: r.orders }));
      void qc.invalidateQueries({ queryKey: contactsKey });
      onOpenChange(false);
      router.push("/contacts");
    },
    onError: (err) => toast.error(err.message),
  });
  return (
    <Dialog open={open} onOpenChange={(o) => (erase.isPending ? undefined : onOpenChange(o))}>
      <DialogContent role="alertdialog">
        <DialogHeader>
          <DialogTitle>{t("title", { name: contact.name })}</DialogTitle>
          <DialogDescription>{t("text")}</DialogDescription>
        </DialogHeader>
        <ul className="list-disc space-y-1 pl-5 text-sm text-slate-700">
          <li>{t("removes")}</li>
          <li>{t("messages")}</li>
          <li>{t("orders")}</li>
          <li>{t("again")}</li>
        </ul>
        <form
          className="mt-4"
          onSubmit={(e) => {
            e.preventDefault();
            if (ok) erase.mutate();
          }}
        >
          <label className="text-sm font-medium text-slate-800" htmlFor="erase-confirm">
            {t.rich("type", { word: WORD, b: (c) => <code className="font-bold">{c}</code> })}
          </label>
          <Input
            id="erase-confirm"
            className="mt-1.5"
            autoComplete="off"
            value={typed}
            onChange={(e) => setTyped(e.target.value)}
          />
          <DialogFooter>
            <Button
              variant="secondary"
              onClick={() => onOpenChange(false)}
              disabled={erase.isPending}
            >
              {tc("cancel")}
            </Button>
            <Button type="submit" variant="destructive" disabled={!ok} loading={erase.isPending}>
              {t("confirm")}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
