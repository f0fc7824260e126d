import type { z } from "zod";
import type { Permission } from "@/lib/auth/permissions";

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/**
 * Who may call an operation:
 * - `workspace`: a signed-in member or an API key, resolved to one workspace and checked
 *   against `permission` (the public REST API);
 * - `session`: a signed-in user, not tied to a workspace (their account, their workspaces);
 * - `public`: anyone (health, OpenAPI, sign-up), rate-limited where it matters.
 */
export type OperationAuth = "workspace" | "session" | "public";

type AnyObject = z.ZodType<Record<string, unknown>>;

/**
 * The contract of one API operation. Routes execute it (lib/api/route.ts) and the OpenAPI
 * document is generated from it (lib/api/openapi.ts), so the two cannot drift apart.
 */
export interface Operation<
  P extends AnyObject | undefined = AnyObject | undefined,
  Q extends AnyObject | undefined = AnyObject | undefined,
  B extends z.ZodType | undefined = z.ZodType | undefined,
  R extends z.ZodType | undefined = z.ZodType | undefined,
  A extends OperationAuth = OperationAuth,
> {
  id: string;
  method: HttpMethod;
  /** OpenAPI-style path: /api/v1/bots/{id}. */
  path: string;
  summary: string;
  description?: string;
  tag: string;
  auth: A;
  /** Required for `workspace` operations. */
  permission?: Permission;
  params?: P;
  query?: Q;
  body?: B;
  response?: R;
  /** Success status; 204 means no body. */
  status?: 200 | 201 | 202 | 204;
  /**
   * A body that is not JSON (a file upload): its bytes in any content type, described by
   * request headers. The route reads it itself; the wrapper only documents it.
   */
  rawBody?: { description: string; headers: AnyObject };
  /** The body may also be sent as CSV (text/csv): `toBody` turns the text into the JSON body. */
  csvBody?: { toBody: (text: string) => unknown; description: string };
  /** Content type of a non-JSON success body (CSV export, a Server-Sent Events stream). */
  produces?: "text/csv" | "text/event-stream";
  /** Left out of the public OpenAPI document (browser-only endpoints). */
  internal?: boolean;
}

export function defineOperation<
  P extends AnyObject | undefined = undefined,
  Q extends AnyObject | undefined = undefined,
  B extends z.ZodType | undefined = undefined,
  R extends z.ZodType | undefined = undefined,
  A extends OperationAuth = OperationAuth,
>(op: Operation<P, Q, B, R, A>): Operation<P, Q, B, R, A> {
  if (op.auth === "workspace" && !op.permission) {
    throw new Error(`Operation ${op.id}: workspace operations must name a permission`);
  }
  return op;
}
