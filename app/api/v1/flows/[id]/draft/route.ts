import { route } from "@/lib/api/route";
import * as contract from "@/lib/api/contracts/flows";
import { getDraft, saveDraft } from "@/lib/flows/draft";
import { iso } from "@/lib/api/contracts/common";

export const GET = route(contract.getFlowDraft, async ({ db, caller, params }) => {
  const draft = await getDraft(db, caller.workspaceId, params.id);
  return { ...draft, updatedAt: iso(draft.updatedAt) };
});

export const PUT = route(contract.saveFlowDraft, async ({ db, caller, params, body }) => {
  const saved = await saveDraft(db, {
    workspaceId: caller.workspaceId,
    flowId: params.id,
    baseRevision: body.baseRevision,
    document: body.document,
    actor: caller.actor,
  });
  return { revision: saved.revision, updatedAt: iso(saved.updatedAt) };
});
