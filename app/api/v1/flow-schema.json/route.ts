import { route } from "@/lib/api/route";
import { getFlowJsonSchema } from "@/lib/api/contracts/meta";
import { flowDocumentJsonSchema } from "@/lib/flow/document";

export const GET = route(getFlowJsonSchema, async () => flowDocumentJsonSchema());
