import "server-only";
import { listBots } from "@/lib/bots/bots";
import type { CurrentWorkspace } from "@/lib/auth/current";
import { can } from "@/lib/auth/permissions";
import { getDb } from "@/lib/db";

/** Null when the member may not see bots (agents): the page then gives no bot advice. */
export async function workspaceHasBot(workspace: CurrentWorkspace): Promise<boolean | null> {
  if (!can(workspace.role, "bots.read")) return null;
  return (await listBots(await getDb(), workspace.id)).length > 0;
}
