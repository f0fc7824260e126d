import { redirect } from "next/navigation";
import { getCurrentWorkspace, homeFor } from "@/lib/auth/current";

/** Sends each member to their home: owners and admins to their bots, agents to the inbox. */
export default async function Home() {
  const ctx = await getCurrentWorkspace();
  if (!ctx) redirect("/sign-in");
  if (!ctx.workspace) redirect("/welcome");
  redirect(homeFor(ctx.workspace.role));
}
