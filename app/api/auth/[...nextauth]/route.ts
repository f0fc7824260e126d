import type { NextRequest } from "next/server";
import NextAuth from "next-auth";
import { authOptions } from "@/lib/auth/next-auth";
import { withRequestId } from "@/lib/api/request-id";

// next-auth's own sign-in, sign-out, session and CSRF endpoints (Credentials provider, JWT).
// Options are built per request so nothing reads configuration at build time.
const handler = withRequestId(
  (req: NextRequest, ctx: { params: Promise<{ nextauth: string[] }> }): Promise<Response> =>
    NextAuth(req, ctx, authOptions()),
);

export { handler as GET, handler as POST };
