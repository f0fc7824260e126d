import type { z } from "zod";
import { api } from "@/components/api/request";
import {
  getFlow,
  getFlowDraft,
  listFlowVersions,
  publishFlow,
  saveFlowDraft,
  type flowSchema,
} from "@/lib/api/contracts/flows";
import type { FlowDocument } from "@/lib/flow/document";
import type { FlowProblem } from "@/lib/flow/validate";
import type { FlowVersionDto } from "./version-entry";

export type FlowDto = z.infer<typeof flowSchema>;
export interface DraftDto {
  document: FlowDocument;
  revision: number;
  updatedAt: string;
}

const at = (path: string, id: string) => path.replace("{id}", encodeURIComponent(id));

export const flowQuery = (id: string) => ({
  queryKey: ["flow", id] as const,
  queryFn: ({ signal }: { signal: AbortSignal }) =>
    api.get<{ flow: FlowDto }>(at(getFlow.path, id), undefined, signal).then((r) => r.flow),
});

/** A flow's published versions: the version history and the funnel's picker share the entry. */
export const flowVersionsQuery = (id: string) => ({
  queryKey: ["flow", id, "versions"] as const,
  queryFn: ({ signal }: { signal: AbortSignal }) =>
    api
      .get<{ data: FlowVersionDto[] }>(at(listFlowVersions.path, id), undefined, signal)
      .then((r) => r.data),
});

export const draftUrl = (id: string) => at(getFlowDraft.path, id);

export const fetchDraft = (id: string, signal?: AbortSignal) =>
  api.get<DraftDto>(draftUrl(id), undefined, signal);

export const publishDraft = (id: string, baseRevision: number) =>
  api.post<{ version: { n: number }; warnings: FlowProblem[] }>(at(publishFlow.path, id), {
    baseRevision,
  });

/** Saves against the revision the edit started from; a 409 means someone saved since. */
export const saveDraft = (id: string, baseRevision: number, document: FlowDocument) =>
  api.put<{ revision: number; updatedAt: string }>(at(saveFlowDraft.path, id), {
    baseRevision,
    document,
  });
