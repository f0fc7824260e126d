import { route } from "@/lib/api/route";
import * as contract from "@/lib/api/contracts/payments";
import { testProviderConnection } from "@/lib/payments/providers/test-connection";

export const POST = route(contract.testPaymentProvider, async ({ db, caller, params }) => ({
  result: await testProviderConnection(db, caller.workspaceId, params.kind),
}));
