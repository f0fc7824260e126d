import "server-only";
import { eq } from "drizzle-orm";
import type { Db, Executor } from "@/lib/db";
import { bots } from "@/lib/db/schema";
import { getBot } from "@/lib/bots/bots";
import { recordJournal, type Actor } from "@/lib/journal/record";
import { parseSupportSettings, type SupportSettings } from "./settings";

/** A bot's hand-off settings (bot.support), read and changed field by field. */

export async function getSupportSettings(
  db: Executor,
  workspaceId: string,
  botId: string,
): Promise<SupportSettings> {
  await getBot(db, workspaceId, botId);
  const [row] = await db.select({ support: bots.support }).from(bots).where(eq(bots.id, botId));
  return parseSupportSettings(row?.support);
}

export async function updateSupportSettings(
  db: Db,
  input: { workspaceId: string; botId: string; actor: Actor; changes: Partial<SupportSettings> },
): Promise<SupportSettings> {
  return db.transaction(async (tx) => {
    const current = await getSupportSettings(tx, input.workspaceId, input.botId);
    const next: SupportSettings = { ...current, ...input.changes };
    await tx
      .update(bots)
      .set({ support: next, updatedAt: new Date() })
      .where(eq(bots.id, input.botId));
    await recordJournal(tx, {
      workspaceId: input.workspaceId,
      actor: input.actor,
      kind: "bot.support_updated",
      botId: input.botId,
      data: { changed: Object.keys(input.changes) },
    });
    return next;
  });
}
