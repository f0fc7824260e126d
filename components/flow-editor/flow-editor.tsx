"use client";

import { useQuery } from "@tanstack/react-query";
import { ReactFlowProvider, useReactFlow } from "@xyflow/react";
import {
  ArrowLeft,
  Filter,
  MessageCircle,
  PanelLeft,
  PanelRight,
  Redo2,
  Undo2,
} from "lucide-react";
import dynamic from "next/dynamic";
import Link from "next/link";
import { useTranslations } from "next-intl";
import { useCallback, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { ErrorState } from "@/components/ui/error-state";
import { Skeleton } from "@/components/ui/skeleton";
import { fetchDraft, flowQuery } from "./draft-api";
import { EditorMenu } from "./editor-menu";
import { FlowCanvas } from "./flow-canvas";
import { FunnelContext, useFunnel } from "./funnel-data";
import { Inspector } from "./inspector";
import { NodePalette } from "./node-palette";
import { ProblemsPanel } from "./problems-panel";
import { PublishButton } from "./publish-button";
import { SaveStatus } from "./save-status";
import { useFlowEditor } from "./store";
import { useAutosave } from "./use-autosave";
import { useEditorShortcuts } from "./use-editor-shortcuts";
import { useEditorPanels } from "./use-editor-panels";
import { VersionsMenu } from "./versions-menu";

// Not needed to show the canvas: each loads when it first opens (docs/performance.md).
const PreviewPanel = dynamic(() => import("./preview-panel").then((m) => m.PreviewPanel));
const ShortcutsDialog = dynamic(() => import("./shortcuts-dialog").then((m) => m.ShortcutsDialog));
const ConflictDialog = dynamic(() => import("./conflict-dialog").then((m) => m.ConflictDialog));
const FunnelBar = dynamic(() => import("./funnel-bar").then((m) => m.FunnelBar));

interface EditorProps {
  botId: string;
  flowId: string;
  canManage: boolean;
}

/** The flow editor page: palette, canvas, inspector and problems over the whole main area. */
export function FlowEditor(props: EditorProps) {
  return (
    <ReactFlowProvider>
      <EditorFrame {...props} />
    </ReactFlowProvider>
  );
}

function EditorFrame({ botId, flowId, canManage }: EditorProps) {
  const t = useTranslations("flows.editor");
  const tc = useTranslations("common");
  const flow = useQuery(flowQuery(flowId));
  const load = useFlowEditor((s) => s.load);
  const loaded = useFlowEditor((s) => s.flowId === flowId);
  const draft = useQuery({
    queryKey: ["flow", flowId, "draft"],
    // The store owns the document from here on: loading happens with the fetch, and the query
    // never refetches on its own (that would silently replace the user's edits).
    queryFn: async ({ signal }) => {
      const d = await fetchDraft(flowId, signal);
      load(flowId, d.document, d.revision);
      // For the browser's performance panel and bench/editor-large-flow.
      performance.mark("flow-editor:draft-loaded");
      return d;
    },
    staleTime: Infinity,
    refetchOnWindowFocus: false,
    refetchOnMount: "always",
  });
  const [shortcutsOpen, setShortcutsOpen] = useState(false);
  const panels = useEditorPanels();
  const previewOpen = useFlowEditor((s) => s.previewOpen);
  const setPreviewOpen = useFlowEditor((s) => s.setPreviewOpen);
  const conflict = useFlowEditor((s) => s.status === "conflict");
  // The funnel shows a published version's figures on the draft: no edits meanwhile.
  const funnel = useFlowEditor((s) => s.funnelOpen);
  const editable = canManage && !funnel;
  // The preview takes the inspector's place: asking for the inspector closes it.
  const toggleInspector = () => {
    if (!previewOpen) return panels.toggleInspector();
    setPreviewOpen(false);
    if (!panels.inspector) panels.toggleInspector();
  };
  useAutosave(flowId, canManage && loaded);

  const backHref = `/bots/${encodeURIComponent(botId)}/flows`;
  return (
    <div className="fixed inset-0 z-30 flex flex-col bg-slate-50 md:left-64">
      <header className="flex h-14 shrink-0 items-center gap-1.5 border-b sm:gap-3 border-slate-200 bg-white px-4">
        <Button variant="ghost" size="icon" asChild>
          <Link href={backHref} aria-label={t("back")}>
            <ArrowLeft aria-hidden />
          </Link>
        </Button>
        <h1 className="min-w-0 flex-1 truncate text-base font-semibold text-slate-900">
          {flow.data?.name ?? <Skeleton className="h-5 w-40" />}
        </h1>
        {loaded ? (
          <div className="flex items-center gap-1 max-md:hidden">
            <PanelToggle
              label={t("panels.palette")}
              pressed={panels.palette}
              onToggle={panels.togglePalette}
              icon={<PanelLeft aria-hidden />}
            />
            <PanelToggle
              label={t("panels.inspector")}
              pressed={panels.inspector && !previewOpen}
              onToggle={toggleInspector}
              icon={<PanelRight aria-hidden />}
            />
          </div>
        ) : null}
        {canManage && loaded ? (
          <>
            <SaveStatus flowId={flowId} />
            <HistoryButtons disabled={funnel} />
            <VersionsMenu flowId={flowId} />
          </>
        ) : null}
        {loaded ? <FunnelToggle /> : null}
        {loaded ? <PreviewToggle /> : null}
        {loaded ? (
          <EditorMenu
            flowName={flow.data?.name ?? "flow"}
            canManage={editable}
            onShortcuts={() => setShortcutsOpen(true)}
          />
        ) : null}
        {canManage && loaded ? <PublishButton flowId={flowId} /> : null}
      </header>
      {draft.isError ? (
        <div className="flex flex-1 items-center justify-center">
          <ErrorState onRetry={() => void draft.refetch()} />
        </div>
      ) : !loaded ? (
        <div role="status" aria-label={tc("loading")} className="flex flex-1 gap-4 p-4">
          <Skeleton className="h-full w-56" />
          <Skeleton className="h-full flex-1" />
        </div>
      ) : (
        <EditorBody
          flowId={flowId}
          canManage={editable}
          palette={panels.palette}
          inspector={panels.inspector}
          onHelp={() => setShortcutsOpen(true)}
        />
      )}
      {conflict ? <ConflictDialog flowId={flowId} /> : null}
      {shortcutsOpen ? <ShortcutsDialog open onOpenChange={setShortcutsOpen} /> : null}
    </div>
  );
}

function EditorBody({
  flowId,
  canManage,
  palette,
  inspector,
  onHelp,
}: {
  flowId: string;
  canManage: boolean;
  palette: boolean;
  inspector: boolean;
  onHelp(): void;
}) {
  const addNode = useFlowEditor((s) => s.addNode);
  const preview = useFlowEditor((s) => s.previewOpen);
  const funnelOpen = useFlowEditor((s) => s.funnelOpen);
  const setFunnelOpen = useFlowEditor((s) => s.setFunnelOpen);
  // null: the newest published version.
  const [funnelVersion, setFunnelVersion] = useState<number | null>(null);
  const funnel = useFunnel(flowId, funnelVersion, funnelOpen);
  // Mounted when first opened, then kept: hidden rather than unmounted when closed, so the
  // conversation survives a peek at the inspector.
  const [previewMounted, setPreviewMounted] = useState(preview);
  if (preview && !previewMounted) setPreviewMounted(true);
  const canvasRef = useRef<HTMLDivElement>(null);
  const { screenToFlowPosition } = useReactFlow();
  const addAtCentre = useCallback(
    (type: string) => {
      const box = canvasRef.current?.getBoundingClientRect();
      if (!box) return;
      const centre = screenToFlowPosition({
        x: box.left + box.width / 2,
        y: box.top + box.height / 2,
      });
      addNode(type, freeSpot(useFlowEditor.getState().history.present.nodes, centre));
    },
    [addNode, screenToFlowPosition],
  );
  useEditorShortcuts({ canvasRef, canManage, onHelp });
  return (
    <div className="flex min-h-0 flex-1">
      <NodePalette onAdd={addAtCentre} disabled={!canManage} collapsed={!palette} />
      <div ref={canvasRef} className="relative min-w-0 flex-1">
        <FunnelContext value={funnelOpen ? funnel.view : null}>
          <FlowCanvas readOnly={!canManage} />
        </FunnelContext>
        {funnelOpen ? (
          <FunnelBar
            flowId={flowId}
            funnel={funnel.query}
            onVersion={setFunnelVersion}
            onClose={() => setFunnelOpen(false)}
          />
        ) : null}
      </div>
      <aside
        className={cn(
          "flex w-80 shrink-0 flex-col border-l border-slate-200 bg-white max-md:hidden",
          (!inspector || preview) && "hidden",
        )}
      >
        <div className="min-h-0 flex-1 overflow-y-auto">
          <Inspector readOnly={!canManage} />
        </div>
        <div className="flex max-h-[40%] min-h-0 flex-col border-t border-slate-200">
          <ProblemsPanel />
        </div>
      </aside>
      {/* Over the canvas on narrow screens, beside it otherwise. */}
      <aside
        className={cn(
          "flex w-96 shrink-0 flex-col border-l border-slate-200 bg-white max-md:absolute max-md:inset-x-0 max-md:top-14 max-md:bottom-0 max-md:z-10 max-md:w-auto",
          !preview && "hidden",
        )}
      >
        {previewMounted ? <PreviewPanel key={flowId} flowId={flowId} /> : null}
      </aside>
    </div>
  );
}

/** Shows how contacts went through a published version, over the canvas. */
function FunnelToggle() {
  const t = useTranslations("flows.editor.funnel");
  const open = useFlowEditor((s) => s.funnelOpen);
  const setOpen = useFlowEditor((s) => s.setFunnelOpen);
  return (
    <ModeToggle
      label={t("toggle")}
      help={t("toggleHelp")}
      icon={<Filter aria-hidden />}
      pressed={open}
      onToggle={() => setOpen(!open)}
      pressedClass="border-brand-500/40 bg-brand-50 text-brand-700 hover:bg-brand-100"
    />
  );
}

/** Opens the preview chat in place of the inspector. */
function PreviewToggle() {
  const t = useTranslations("flows.editor.preview");
  const open = useFlowEditor((s) => s.previewOpen);
  const setOpen = useFlowEditor((s) => s.setPreviewOpen);
  return (
    <ModeToggle
      label={t("toggle")}
      help={t("toggleHelp")}
      icon={<MessageCircle aria-hidden />}
      pressed={open}
      onToggle={() => setOpen(!open)}
      pressedClass="border-emerald-300 bg-emerald-50 text-emerald-800 hover:bg-emerald-100"
    />
  );
}

/** A toolbar switch with a label (an icon only on phones), tinted while it is on. */
function ModeToggle({
  label,
  help,
  icon,
  pressed,
  onToggle,
  pressedClass,
}: {
  label: string;
  help: string;
  icon: React.ReactNode;
  pressed: boolean;
  onToggle(): void;
  pressedClass: string;
}) {
  return (
    <Button
      variant="secondary"
      size="sm"
      onClick={onToggle}
      aria-pressed={pressed}
      title={help}
      className={cn(pressed && pressedClass)}
    >
      {icon}
      <span className="max-sm:sr-only">{label}</span>
    </Button>
  );
}

function PanelToggle({
  label,
  pressed,
  onToggle,
  icon,
}: {
  label: string;
  pressed: boolean;
  onToggle(): void;
  icon: React.ReactNode;
}) {
  return (
    <Button
      variant="ghost"
      size="icon"
      onClick={onToggle}
      aria-pressed={pressed}
      title={label}
      aria-label={label}
      className={cn(!pressed && "text-slate-400")}
    >
      {icon}
    </Button>
  );
}

function HistoryButtons({ disabled }: { disabled: boolean }) {
  const t = useTranslations("flows.editor");
  const canUndo = useFlowEditor((s) => s.history.past.length > 0);
  const canRedo = useFlowEditor((s) => s.history.future.length > 0);
  const undo = useFlowEditor((s) => s.undo);
  const redo = useFlowEditor((s) => s.redo);
  return (
    <div className="flex items-center gap-1">
      <Button
        variant="ghost"
        size="icon"
        onClick={undo}
        disabled={disabled || !canUndo}
        title={t("undo")}
      >
        <Undo2 aria-label={t("undo")} />
      </Button>
      <Button
        variant="ghost"
        size="icon"
        onClick={redo}
        disabled={disabled || !canRedo}
        title={t("redo")}
      >
        <Redo2 aria-label={t("redo")} />
      </Button>
    </div>
  );
}

/** Below the viewport centre, stepping down past cards already there, so new cards never hide others. */
function freeSpot(
  nodes: readonly { position: { x: number; y: number } }[],
  centre: { x: number; y: number },
) {
  const spot = { x: Math.round(centre.x - 120), y: Math.round(centre.y - 40) };
  for (let i = 0; i < 30; i++) {
    const taken = nodes.some(
      (n) => Math.abs(n.position.x - spot.x) < 250 && Math.abs(n.position.y - spot.y) < 140,
    );
    if (!taken) break;
    spot.y += 150;
  }
  return spot;
}
