import type { z } from "zod";
import { api, ApiRequestError, type ApiFieldIssue } from "@/components/api/request";
import {
  getFlow,
  getFlowDraft,
  publishFlow,
  saveFlowDraft,
  type flowSchema,
} from "@/lib/api/contracts/flows";
import type { FlowDocument } from "@/lib/flow/document";
import type { FlowProblem } from "@/lib/flow/validate";

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

export const fetchDraft = (id: string, signal?: AbortSignal) =>
  api.get<DraftDto>(at(getFlowDraft.path, id), undefined, signal);

export const publishDraft = (id: string, baseRevision: number) =>
  api.post<{ version: { n: number }; warnings: FlowProblem[] }>(at(publishFlow.path, id), {
    baseRevision,
  });

/** PUT of the draft; the shared client has no PUT, and this is its only user. */
export async function saveDraft(id: string, baseRevision: number, document: FlowDocument) {
  let res: Response;
  try {
    res = await fetch(at(saveFlowDraft.path, id), {
      method: "PUT",
      headers: { accept: "application/json", "content-type": "application/json" },
      body: JSON.stringify({ baseRevision, document }),
      credentials: "same-origin",
    });
  } catch {
    throw new ApiRequestError(0, "network_error", "The server could not be reached");
  }
  const json: unknown = await res.json().catch(() => undefined);
  if (!res.ok) {
    const error = readError(json);
    throw new ApiRequestError(
      res.status,
      error.code ?? "internal_error",
      error.message ?? res.statusText,
      error.details,
    );
  }
  return readSaved(json);
}

function readError(json: unknown): { code?: string; message?: string; details: ApiFieldIssue[] } {
  if (typeof json !== "object" || json === null || !("error" in json)) return { details: [] };
  const error = json.error;
  if (typeof error !== "object" || error === null) return { details: [] };
  return {
    code: "code" in error && typeof error.code === "string" ? error.code : undefined,
    message: "message" in error && typeof error.message === "string" ? error.message : undefined,
    details: [],
  };
}

function readSaved(json: unknown): { revision: number } {
  if (typeof json === "object" && json !== null && "revision" in json) {
    if (typeof json.revision === "number") return { revision: json.revision };
  }
  throw new ApiRequestError(500, "internal_error", "Unexpected answer to the draft save");
}
