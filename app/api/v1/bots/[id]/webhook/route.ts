import { route } from "@/lib/api/route";
import * as contract from "@/lib/api/contracts/bots";
import { toBotDto, toWebhookHealthDto } from "@/lib/bots/dto";
import { disconnectBot, registerWebhook } from "@/lib/bots/webhook";
import { getWebhookHealth } from "@/lib/bots/webhook-health";

export const GET = route(contract.getBotWebhook, async ({ db, caller, params }) => ({
  webhook: toWebhookHealthDto(await getWebhookHealth(db, caller.workspaceId, params.id)),
}));

export const POST = route(contract.registerBotWebhook, async ({ db, caller, params }) => ({
  bot: toBotDto(
    await registerWebhook(db, {
      workspaceId: caller.workspaceId,
      id: params.id,
      actor: caller.actor,
    }),
  ),
}));

export const DELETE = route(contract.disconnectBot, async ({ db, caller, params }) => ({
  bot: toBotDto(
    await disconnectBot(db, {
      workspaceId: caller.workspaceId,
      id: params.id,
      actor: caller.actor,
    }),
  ),
}));
