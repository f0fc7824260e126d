import { route } from "@/lib/api/route";
import { getOpenApiDocument } from "@/lib/api/contracts/meta";
import { allOperations } from "@/lib/api/contracts";
import { buildOpenApiDocument } from "@/lib/api/openapi";
import { config } from "@/lib/config/env";
import pkg from "@/package.json";

export const GET = route(getOpenApiDocument, async () =>
  buildOpenApiDocument(allOperations, { serverUrl: config().APP_URL, version: pkg.version }),
);
