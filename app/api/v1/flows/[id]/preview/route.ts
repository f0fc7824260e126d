import { route } from "@/lib/api/route";
import * as contract from "@/lib/api/contracts/flows";
import { getBot } from "@/lib/bots/bots";
import { getSupportSettings } from "@/lib/inbox/support";
import { getFlow } from "@/lib/flows/flows";
import { parseSubmittedDocument } from "@/lib/flows/draft";
import { catalogProducts } from "@/lib/runtime/catalog-products";
import { defaultPreviewContact, runPreview } from "@/lib/runtime/preview";

export const POST = route(contract.previewFlow, async ({ db, caller, params, body }) => {
  // The flow and its bot must be the caller's; what runs is the document sent, not the draft.
  const flow = await getFlow(db, caller.workspaceId, params.id);
  const [bot, support] = await Promise.all([
    getBot(db, caller.workspaceId, flow.botId),
    getSupportSettings(db, caller.workspaceId, flow.botId),
  ]);
  const document = parseSubmittedDocument(body.document);
  return runPreview({
    flowId: flow.id,
    document,
    session: body.session,
    event: body.event,
    contact: body.contact ?? defaultPreviewContact(caller.user?.name, caller.user?.locale ?? null),
    botUsername: bot.telegramMe?.username ?? "preview_bot",
    now: Date.now(),
    random: Math.random,
    products: await catalogProducts(db, caller.workspaceId),
    support,
  });
});
