import { and, eq } from "drizzle-orm";
import { route } from "@/lib/api/route";
import * as contract from "@/lib/api/contracts/inbox";
import { notFound } from "@/lib/api/errors";
import { sessions } from "@/lib/db/schema";
import { sessionPlace } from "@/lib/inbox/card";
import { publishedFlowNodes } from "@/lib/inbox/flow-nodes";
import { findConversation } from "@/lib/inbox/list";

export const GET = route(contract.getReleaseTargets, async ({ db, caller, params }) => {
  const conversation = await findConversation(db, caller.workspaceId, params.id);
  if (!conversation) throw notFound("Conversation");
  const [session] = await db
    .select()
    .from(sessions)
    .where(
      and(
        eq(sessions.contactId, conversation.contactId),
        eq(sessions.workspaceId, caller.workspaceId),
      ),
    );
  const place = session ? await sessionPlace(db, caller.workspaceId, session) : null;
  return {
    waiting:
      place?.node && place.waiting
        ? { flowId: place.flowId, flowName: place.flowName, node: place.node }
        : null,
    flows: await publishedFlowNodes(db, caller.workspaceId, conversation.botId),
  };
});
