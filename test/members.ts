import type { Db } from "@/lib/db";
import { members } from "@/lib/db/schema";
import type { Role } from "@/lib/db/schema/accounts";
import { WORKSPACE_HEADER } from "@/lib/api/caller";
import { createTestAccount, type TestAccount } from "./http";

export interface TestMember {
  userId: string;
  /** Session headers that select the shared workspace. */
  session: Record<string, string>;
  account: TestAccount;
}

/** A second person with their own account, added to `workspaceId` with `role`. */
export async function addTestMember(
  db: Db,
  workspaceId: string,
  role: Role,
  name = "Member",
): Promise<TestMember> {
  const account = await createTestAccount(db, name);
  await db.insert(members).values({ workspaceId, userId: account.userId, role });
  return {
    userId: account.userId,
    account,
    session: { ...account.session, [WORKSPACE_HEADER]: workspaceId },
  };
}
