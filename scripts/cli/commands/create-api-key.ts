import { eq } from "drizzle-orm";
import { z } from "zod";
import { createApiKey as createKey } from "@/lib/api-keys/keys";
import { createApiKeyInput } from "@/lib/api/contracts/api-keys";
import { workspaces } from "@/lib/db/schema";
import { defineCommand } from "../command";

export const createApiKey = defineCommand({
  name: "create-api-key",
  summary:
    "Create an API key for a workspace and print it. The key is shown once and stored hashed.",
  details: "Use it as `Authorization: Bearer <key>` against /api/v1 (see docs/api.md).",
  flags: [
    {
      name: "workspace",
      value: "<id>",
      description: "Workspace id (printed by create-user and seed-demo)",
    },
    {
      name: "name",
      value: "<name>",
      description: 'A label to tell keys apart, e.g. "ERP exchange"',
    },
    { name: "role", value: "admin|agent", description: "What the key may do (default: admin)" },
  ],
  schema: z.strictObject({
    workspace: z.uuid("must be a workspace id (a UUID)"),
    name: createApiKeyInput.shape.name,
    role: createApiKeyInput.shape.role,
  }),
  async run(input, ctx) {
    const db = await ctx.db();
    const [workspace] = await db
      .select({ id: workspaces.id, name: workspaces.name })
      .from(workspaces)
      .where(eq(workspaces.id, input.workspace));
    if (!workspace)
      throw new Error(`No workspace with id ${input.workspace} in ${ctx.describeDatabase()}`);
    const { key, row } = await createKey(db, {
      workspaceId: workspace.id,
      name: input.name,
      role: input.role,
      actor: { type: "system", id: "cli" },
    });
    ctx.out(
      `Created API key "${row.name}" (id ${row.id}, role ${row.role}) in workspace "${workspace.name}"`,
    );
    ctx.out("The key is shown only now; store it somewhere safe:");
    ctx.out(key);
  },
});
