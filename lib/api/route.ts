import "server-only";
import { z } from "zod";
import { getDb, type Db } from "@/lib/db";
import { can } from "@/lib/auth/permissions";
import type { SessionUser } from "@/lib/auth/session";
import { recordJournal } from "@/lib/journal/record";
import { logger } from "@/lib/log";
import { ApiError, issuesOf, type ErrorCode } from "./errors";
import { parseInput, parseJsonBody, queryObject } from "./body";
import {
  assertSameOrigin,
  resolveSessionUser,
  resolveWorkspaceCaller,
  type WorkspaceCaller,
} from "./caller";
import type { Operation } from "./operation";
import { inRequestScope, withRequestIdHeader } from "./request-id";

type Infer<S> = [S] extends [undefined] ? undefined : z.infer<NonNullable<S>>;

type CallerFor<A> = A extends "workspace"
  ? WorkspaceCaller
  : A extends "session"
    ? SessionUser
    : null;

export interface HandlerInput<Op extends Operation> {
  req: Request;
  db: Db;
  params: Infer<Op["params"]>;
  query: Infer<Op["query"]>;
  body: Infer<Op["body"]>;
  caller: CallerFor<Op["auth"]>;
  requestId: string;
}

type HandlerResult<Op extends Operation> = [Op["response"]] extends [undefined]
  ? void | Response
  : z.input<NonNullable<Op["response"]>> | Response;

/** Next.js passes dynamic segments as a promise of strings. */
export interface RouteContext {
  params: Promise<Record<string, string | string[] | undefined>>;
}

function errorJson(
  code: ErrorCode,
  status: number,
  message: string,
  requestId: string,
  extra?: object,
  headers?: Record<string, string>,
) {
  return Response.json(
    { error: { code, message, ...extra } },
    { status, headers: { "x-request-id": requestId, ...headers } },
  );
}

/**
 * The one wrapper every API route goes through: it resolves the caller (session or API key),
 * the workspace and the permission, parses params, query and body with the operation's zod
 * schemas, and maps every error to a status in one place (lib/api/errors.ts). Each request
 * gets an id (lib/api/request-id.ts), echoed in X-Request-Id and on every line logged meanwhile.
 */
export function route<Op extends Operation>(
  op: Op,
  handler: (input: HandlerInput<Op>) => Promise<HandlerResult<Op>>,
) {
  async function handle(req: Request, ctx: RouteContext, requestId: string): Promise<Response> {
    let workspaceId: string | undefined;
    try {
      const db = await getDb();
      let caller: WorkspaceCaller | SessionUser | null = null;
      if (op.auth === "workspace") {
        const wc = await resolveWorkspaceCaller(db, req);
        if (!wc.apiKeyId && req.method !== "GET") assertSameOrigin(req);
        workspaceId = wc.workspaceId;
        // An id that is not a UUID cannot name anything: 404 before the permission check,
        // so a wrong path never reads as "forbidden".
        const params = op.params ? parseParams(op.params, await ctx.params) : undefined;
        if (op.permission && !can(wc.role, op.permission)) {
          throw new ApiError("forbidden", `Your role (${wc.role}) does not allow this`);
        }
        caller = wc;
        return await finish(op, handler, { req, db, caller, requestId, params });
      }
      if (op.auth === "session") {
        caller = await resolveSessionUser(db, req);
        if (req.method !== "GET") assertSameOrigin(req);
      }
      const params = op.params ? parseParams(op.params, await ctx.params) : undefined;
      return await finish(op, handler, { req, db, caller, requestId, params });
    } catch (err) {
      return toErrorResponse(err, { op, requestId, workspaceId });
    }
  }
  // Every response handle() makes carries X-Request-Id itself.
  return (req: Request, ctx: RouteContext): Promise<Response> =>
    inRequestScope(req, (requestId) => handle(req, ctx, requestId));
}

function parseParams(schema: z.ZodType, raw: Record<string, unknown>): unknown {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new ApiError("not_found", "Not found");
  return parsed.data;
}

async function finish<Op extends Operation>(
  op: Op,
  handler: (input: HandlerInput<Op>) => Promise<HandlerResult<Op>>,
  base: { req: Request; db: Db; caller: unknown; requestId: string; params: unknown },
): Promise<Response> {
  const url = new URL(base.req.url);
  const query = op.query
    ? parseInput(op.query, queryObject(url), "The query string is not valid")
    : undefined;
  const body = op.body ? await parseJsonBody(base.req, op.body, op.csvBody?.toBody) : undefined;
  const input = { ...base, query, body } as HandlerInput<Op>;
  const result = await handler(input);
  if (result instanceof Response) return withRequestIdHeader(result, base.requestId);
  const status = op.status ?? 200;
  if (status === 204)
    return new Response(null, { status, headers: { "x-request-id": base.requestId } });
  // Parsing the output through the contract strips anything not declared (no secret leaks
  // because a handler returned a whole row).
  const payload = op.response ? op.response.parse(result) : result;
  return Response.json(payload, { status, headers: { "x-request-id": base.requestId } });
}

export function toErrorResponse(
  err: unknown,
  ctx: { op?: Pick<Operation, "id">; requestId: string; workspaceId?: string },
): Response {
  if (err instanceof ApiError) {
    // A 5xx we chose (Telegram or a provider unreachable) is the operator's business too: with
    // its cause, which the answer does not show.
    if (err.status >= 500)
      logger.warn(
        { err: err.cause ?? err, requestId: ctx.requestId, operation: ctx.op?.id },
        err.message,
      );
    return errorJson(
      err.code,
      err.status,
      err.message,
      ctx.requestId,
      err.details ? { details: err.details } : undefined,
      err.headers,
    );
  }
  if (err instanceof z.ZodError) {
    return errorJson("unprocessable_entity", 422, "The input is not valid", ctx.requestId, {
      details: issuesOf(err),
    });
  }
  logger.error(
    { err, requestId: ctx.requestId, operation: ctx.op?.id },
    "unhandled error in API route",
  );
  if (ctx.workspaceId) {
    const workspaceId = ctx.workspaceId;
    void getDb()
      .then((db) =>
        recordJournal(db, {
          workspaceId,
          actor: { type: "system" },
          kind: "api.internal_error",
          data: {
            requestId: ctx.requestId,
            operation: ctx.op?.id,
            cause: String((err as Error)?.message ?? err).slice(0, 500),
          },
        }),
      )
      .catch(() => {});
  }
  return errorJson(
    "internal_error",
    500,
    `Something went wrong on our side (request ${ctx.requestId})`,
    ctx.requestId,
  );
}
