import { describe, expect, it } from "vitest";
import { bots, contacts, conversations, handoffs } from "@/lib/db/schema";
import { encryptSecret } from "@/lib/crypto/secrets";
import { useTestDatabase } from "@/test/db";
import { createTestAccount } from "@/test/http";
import { addTestMember } from "@/test/members";
import { supportFigures } from "./stats";

describe("support figures per agent", () => {
  const db = useTestDatabase();

  it("gives each agent's first-response and resolution times from the hand-offs in the range", async () => {
    const owner = await createTestAccount(db());
    const ws = owner.workspaceId;
    const anna = await addTestMember(db(), ws, "agent", "Anna");
    const boris = await addTestMember(db(), ws, "agent", "Boris");
    const [bot] = await db()
      .insert(bots)
      .values({
        workspaceId: ws,
        name: "b",
        tokenEncrypted: encryptSecret("t"),
        webhookSecretEncrypted: encryptSecret("s"),
      })
      .returning();
    const at = (minute: number, second = 0) => new Date(Date.UTC(2026, 10, 2, 10, minute, second));
    let n = 0;
    const episode = async (h: Partial<typeof handoffs.$inferInsert> & { requestedAt: Date }) => {
      const [contact] = await db()
        .insert(contacts)
        .values({ workspaceId: ws, botId: bot!.id, channelUserId: String(++n) })
        .returning();
      const [c] = await db()
        .insert(conversations)
        .values({ workspaceId: ws, botId: bot!.id, contactId: contact!.id })
        .returning();
      await db()
        .insert(handoffs)
        .values({ workspaceId: ws, conversationId: c!.id, source: "node", ...h });
    };
    // Anna: answers after 30 s and 90 s, resolves after 5 and 10 minutes.
    await episode({
      requestedAt: at(0),
      assigneeId: anna.userId,
      firstResponseAt: at(0, 30),
      resolvedAt: at(5),
      resolution: "released",
    });
    await episode({
      requestedAt: at(10),
      assigneeId: anna.userId,
      firstResponseAt: at(11, 30),
      resolvedAt: at(20),
      resolution: "closed",
    });
    // Anna again, taken but not answered yet: counted, not timed.
    await episode({ requestedAt: at(30), assigneeId: anna.userId });
    // Boris: one answer after 2 minutes, still open.
    await episode({ requestedAt: at(40), assigneeId: boris.userId, firstResponseAt: at(42) });
    // Nobody took this one.
    await episode({ requestedAt: at(50) });
    // Outside the range.
    await episode({
      requestedAt: new Date(Date.UTC(2026, 10, 3, 10)),
      assigneeId: boris.userId,
      firstResponseAt: new Date(Date.UTC(2026, 10, 3, 11)),
    });

    const figures = await supportFigures(db(), ws, {
      from: new Date(Date.UTC(2026, 10, 2)),
      to: new Date(Date.UTC(2026, 10, 3)),
    });
    expect(figures.unassigned).toBe(1);
    expect(figures.agents).toEqual([
      {
        agentId: anna.userId,
        agentName: "Anna",
        handoffs: 3,
        answered: 2,
        resolved: 2,
        firstResponseMedianSeconds: 60,
        firstResponseMeanSeconds: 60,
        resolutionMedianSeconds: 450,
        resolutionMeanSeconds: 450,
      },
      {
        agentId: boris.userId,
        agentName: "Boris",
        handoffs: 1,
        answered: 1,
        resolved: 0,
        firstResponseMedianSeconds: 120,
        firstResponseMeanSeconds: 120,
        resolutionMedianSeconds: null,
        resolutionMeanSeconds: null,
      },
    ]);
  });
});
