import { route } from "@/lib/api/route";
import * as contract from "@/lib/api/contracts/bots";
import { getBot } from "@/lib/bots/bots";
import { changeBot, removeBot } from "@/lib/bots/connection";
import { toBotDto, toTelegramBotDto } from "@/lib/bots/dto";

export const GET = route(contract.getBot, async ({ db, caller, params }) => ({
  bot: toBotDto(await getBot(db, caller.workspaceId, params.id)),
}));

export const PATCH = route(contract.updateBot, async ({ db, caller, params, body }) => {
  const { bot, webhookError, differentBot } = await changeBot(db, {
    workspaceId: caller.workspaceId,
    id: params.id,
    ...body,
    actor: caller.actor,
  });
  return {
    bot: toBotDto(bot),
    webhookError,
    differentBot: differentBot && {
      previous: toTelegramBotDto(differentBot.previous),
      current: toTelegramBotDto(differentBot.current),
    },
  };
});

export const DELETE = route(contract.deleteBot, async ({ db, caller, params }) => {
  await removeBot(db, { workspaceId: caller.workspaceId, id: params.id, actor: caller.actor });
});
