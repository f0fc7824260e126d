"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { FileText, Fingerprint, RefreshCw, UploadCloud, X } from "lucide-react";
import { useLocale, useTranslations } from "next-intl";
import { useEffect, useId, useRef, useState } from "react";
import { toast } from "sonner";
import { ApiRequestError } from "@/components/api/request";
import { Button } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import { cn } from "@/components/ui/cn";
import { fieldClass } from "@/components/ui/input";
import { Skeleton } from "@/components/ui/skeleton";
import { formatBytes } from "./format-bytes";
import { filesKey, filesQuery, type FileDto } from "./queries";
import { uploadFile, type UploadHandle } from "./upload-file";

interface Progress {
  name: string;
  loaded: number;
  total: number;
}

export interface FileDropProps {
  /** The chosen file's id (`file_asset`), or null. */
  value: string | null;
  onChange: (id: string | null) => void;
  disabled?: boolean;
  /** For a <label htmlFor> outside; the "Choose file" button gets it. */
  id?: string;
}

/**
 * Picks the file a product delivers: drop one or choose it (uploaded with progress, cancelable),
 * or take one uploaded before. Shows the chosen file's name, size and SHA-256.
 */
export function FileDrop({ value, onChange, disabled, id }: FileDropProps) {
  const t = useTranslations("files");
  const locale = useLocale();
  const queryClient = useQueryClient();
  const files = useQuery(filesQuery());
  const inputRef = useRef<HTMLInputElement>(null);
  const upload = useRef<UploadHandle | null>(null);
  const [progress, setProgress] = useState<Progress | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [dragging, setDragging] = useState(false);
  const [replacing, setReplacing] = useState(false);
  const fallbackId = useId();
  const buttonId = id ?? fallbackId;
  const bytes = (n: number) => formatBytes(n, locale);

  // An upload still running when the form closes is canceled, not left to finish unseen.
  useEffect(() => () => upload.current?.abort(), []);

  const maxBytes = files.data?.maxUploadBytes;
  const chosen = value ? files.data?.data.find((f) => f.id === value) : undefined;

  async function start(file: File) {
    setError(null);
    if (maxBytes !== undefined && file.size > maxBytes) {
      setError(
        t("errors.tooLarge", { name: file.name, size: bytes(file.size), max: bytes(maxBytes) }),
      );
      return;
    }
    if (file.size === 0) {
      setError(t("errors.empty", { name: file.name }));
      return;
    }
    setProgress({ name: file.name, loaded: 0, total: file.size });
    const handle = uploadFile(file, (loaded, total) =>
      setProgress({ name: file.name, loaded, total }),
    );
    upload.current = handle;
    try {
      const uploaded = await handle.done;
      queryClient.setQueryData(filesKey, (old: typeof files.data) =>
        old ? { ...old, data: [uploaded, ...old.data] } : old,
      );
      void queryClient.invalidateQueries({ queryKey: filesKey });
      setReplacing(false);
      onChange(uploaded.id);
      toast.success(t("upload.done", { name: uploaded.name }));
    } catch (err) {
      if (err instanceof DOMException && err.name === "AbortError") {
        toast(t("upload.canceled"));
      } else {
        setError(describeFailure(err, file));
      }
    } finally {
      upload.current = null;
      setProgress(null);
    }
  }

  function describeFailure(err: unknown, file: File): string {
    if (!(err instanceof ApiRequestError)) return t("errors.network");
    if (err.code === "network_error") return t("errors.network");
    if (err.code === "payload_too_large" && maxBytes !== undefined) {
      return t("errors.tooLarge", {
        name: file.name,
        size: bytes(file.size),
        max: bytes(maxBytes),
      });
    }
    return t("errors.rejected", { name: file.name, message: err.message });
  }

  function takeFiles(list: FileList | null) {
    const [first, ...rest] = Array.from(list ?? []);
    if (!first) return;
    if (rest.length > 0) toast(t("drop.onlyFirst", { name: first.name }));
    void start(first);
  }

  const errorBox = error ? (
    <div
      role="alert"
      className="flex items-start gap-2 rounded-md border border-red-200 bg-red-50 p-2.5 text-sm text-red-700"
    >
      <p className="min-w-0 flex-1">{error}</p>
      <button
        type="button"
        className="rounded p-0.5 text-red-600 hover:bg-red-100"
        aria-label={t("errors.dismiss")}
        onClick={() => setError(null)}
      >
        <X className="size-4" aria-hidden />
      </button>
    </div>
  ) : null;

  if (progress) {
    const percent = progress.total > 0 ? Math.floor((progress.loaded / progress.total) * 100) : 0;
    return (
      <div className="space-y-2 rounded-lg border border-slate-200 bg-white p-4">
        <div className="flex items-center gap-3">
          <UploadCloud className="size-5 shrink-0 text-brand-600" aria-hidden />
          <p className="min-w-0 flex-1 truncate text-sm font-medium text-slate-900">
            {t("upload.uploading", { name: progress.name })}
          </p>
          <Button variant="ghost" size="sm" onClick={() => upload.current?.abort()}>
            <X aria-hidden />
            {t("upload.cancel")}
          </Button>
        </div>
        <div
          role="progressbar"
          aria-label={t("upload.progressLabel")}
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={percent}
          className="h-2 overflow-hidden rounded-full bg-slate-100"
        >
          <div
            className="h-full rounded-full bg-brand-600 transition-[width] duration-200"
            style={{ width: `${percent}%` }}
          />
        </div>
        <p className="text-xs text-slate-500 tabular-nums">
          {t("upload.progress", {
            percent,
            loaded: bytes(progress.loaded),
            total: bytes(progress.total),
          })}
        </p>
      </div>
    );
  }

  if (value && !replacing) {
    if (files.isPending) return <Skeleton className="h-[88px] w-full rounded-lg" />;
    if (!chosen) {
      return (
        <div className="flex items-start gap-3 rounded-lg border border-amber-200 bg-amber-50 p-3 text-sm text-amber-800">
          <p className="min-w-0 flex-1">{t("chosen.missing")}</p>
          <Button variant="secondary" size="sm" disabled={disabled} onClick={() => onChange(null)}>
            {t("chosen.remove")}
          </Button>
        </div>
      );
    }
    return (
      <ChosenFile
        file={chosen}
        disabled={disabled}
        onReplace={() => setReplacing(true)}
        onRemove={() => onChange(null)}
      />
    );
  }

  const others = (files.data?.data ?? []).filter((f) => f.id !== value);
  return (
    <div className="space-y-3">
      {errorBox}
      <div
        onDragEnter={(e) => {
          e.preventDefault();
          if (!disabled) setDragging(true);
        }}
        onDragOver={(e) => {
          e.preventDefault();
          e.dataTransfer.dropEffect = disabled ? "none" : "copy";
        }}
        onDragLeave={(e) => {
          if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setDragging(false);
        }}
        onDrop={(e) => {
          e.preventDefault();
          setDragging(false);
          if (!disabled) takeFiles(e.dataTransfer.files);
        }}
        data-testid="file-drop-zone"
        className={cn(
          "flex flex-col items-center gap-2 rounded-lg border-2 border-dashed px-4 py-6 text-center transition-colors",
          dragging ? "border-brand-500 bg-brand-50" : "border-slate-300 bg-slate-50/60",
          disabled && "opacity-60",
        )}
      >
        <UploadCloud
          className={cn("size-8", dragging ? "text-brand-600" : "text-slate-400")}
          aria-hidden
        />
        {dragging ? (
          <p className="text-sm font-medium text-brand-700">{t("drop.dropHere")}</p>
        ) : (
          <div className="flex flex-wrap items-center justify-center gap-2 text-sm text-slate-600">
            <span>{t("drop.prompt")}</span>
            <Button
              id={buttonId}
              variant="secondary"
              size="sm"
              disabled={disabled}
              onClick={() => inputRef.current?.click()}
            >
              {t("drop.choose")}
            </Button>
          </div>
        )}
        {maxBytes !== undefined ? (
          <p className="text-xs text-slate-500">{t("drop.limit", { max: bytes(maxBytes) })}</p>
        ) : null}
        <input
          ref={inputRef}
          type="file"
          className="sr-only"
          tabIndex={-1}
          aria-hidden
          onChange={(e) => {
            takeFiles(e.target.files);
            e.target.value = "";
          }}
        />
      </div>

      {files.isPending ? (
        <p className="text-xs text-slate-500">{t("drop.loadingList")}</p>
      ) : files.isError ? (
        <p className="text-xs text-red-600">{t("drop.listFailed")}</p>
      ) : others.length > 0 ? (
        <label className="block space-y-1.5">
          <span className="text-xs font-medium text-slate-600">{t("drop.pickExisting")}</span>
          <select
            className={cn(fieldClass, "h-9 pr-8")}
            value=""
            disabled={disabled}
            onChange={(e) => {
              if (!e.target.value) return;
              setReplacing(false);
              setError(null);
              onChange(e.target.value);
            }}
          >
            <option value="">{t("drop.pickPlaceholder")}</option>
            {others.map((f) => (
              <option key={f.id} value={f.id}>
                {f.name} · {bytes(f.size)}
              </option>
            ))}
          </select>
        </label>
      ) : null}

      {replacing ? (
        <Button variant="link" size="sm" onClick={() => setReplacing(false)}>
          {t("upload.keepCurrent")}
        </Button>
      ) : null}
    </div>
  );
}

function ChosenFile({
  file,
  disabled,
  onReplace,
  onRemove,
}: {
  file: FileDto;
  disabled?: boolean;
  onReplace: () => void;
  onRemove: () => void;
}) {
  const t = useTranslations("files.chosen");
  const locale = useLocale();
  return (
    <div className="flex flex-wrap items-start gap-3 rounded-lg border border-slate-200 bg-white p-3">
      <div className="flex size-10 shrink-0 items-center justify-center rounded-md bg-brand-50 text-brand-600">
        <FileText className="size-5" aria-hidden />
      </div>
      <div className="min-w-0 flex-1 space-y-1">
        <p className="truncate text-sm font-medium text-slate-900" title={file.name}>
          {file.name}
        </p>
        <dl className="flex flex-wrap items-center gap-x-4 gap-y-1 text-xs text-slate-500">
          <div className="flex gap-1">
            <dt>{t("size")}:</dt>
            <dd className="tabular-nums text-slate-700">{formatBytes(file.size, locale)}</dd>
          </div>
          <div className="flex items-center gap-1">
            <dt className="flex items-center gap-1">
              <Fingerprint className="size-3.5" aria-hidden />
              {t("checksum")}:
            </dt>
            <dd className="font-mono text-slate-700" title={file.sha256}>
              {file.sha256.slice(0, 12)}…
            </dd>
            <CopyButton
              value={file.sha256}
              label=""
              aria-label={t("copyChecksum")}
              title={t("copyChecksum")}
              variant="ghost"
              size="sm"
              className="h-6 px-1.5"
            />
          </div>
        </dl>
      </div>
      <div className="flex gap-2">
        <Button variant="secondary" size="sm" disabled={disabled} onClick={onReplace}>
          <RefreshCw aria-hidden />
          {t("replace")}
        </Button>
        <Button
          variant="ghost"
          size="sm"
          disabled={disabled}
          aria-label={t("removeLabel", { name: file.name })}
          onClick={onRemove}
        >
          <X aria-hidden />
          {t("remove")}
        </Button>
      </div>
    </div>
  );
}
