import { route } from "@/lib/api/route";
import * as contract from "@/lib/api/contracts/bots";
import { listBots } from "@/lib/bots/bots";
import { connectBot } from "@/lib/bots/connection";
import { toBotDto } from "@/lib/bots/dto";

export const GET = route(contract.listBots, async ({ db, caller }) => ({
  data: (await listBots(db, caller.workspaceId)).map(toBotDto),
}));

export const POST = route(contract.createBot, async ({ db, caller, body }) => {
  const { bot, webhookError } = await connectBot(db, {
    workspaceId: caller.workspaceId,
    name: body.name,
    token: body.token,
    actor: caller.actor,
  });
  return { bot: toBotDto(bot), webhookError };
});
