import type { Operation } from "@/lib/api/operation";
import * as apiKeys from "./api-keys";
import * as meta from "./meta";

function operationsOf(mod: Record<string, unknown>): Operation[] {
  return Object.values(mod).filter(
    (v): v is Operation => typeof v === "object" && v !== null && "method" in v && "path" in v && "auth" in v,
  );
}

/** Every API operation; add a contracts module here and the OpenAPI document picks it up. */
export const allOperations: Operation[] = [meta, apiKeys].flatMap(operationsOf);
