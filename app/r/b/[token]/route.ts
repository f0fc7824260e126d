import { getDb } from "@/lib/db";
import { recordClick } from "@/lib/broadcasts/clicks";

/**
 * A broadcast's tracked button or link: counts the tap and sends the reader on to the shop's
 * address. A token that does not verify is 404 and counts nothing.
 */
export async function GET(
  _req: Request,
  { params }: { params: Promise<{ token: string }> },
): Promise<Response> {
  const { token } = await params;
  const url = await recordClick(await getDb(), token);
  if (!url) return new Response("Not found", { status: 404 });
  return new Response(null, {
    status: 302,
    headers: { location: url, "cache-control": "no-store", "referrer-policy": "no-referrer" },
  });
}
