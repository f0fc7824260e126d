import { route } from "@/lib/api/route";
import * as contract from "@/lib/api/contracts/payments";
import { listProviderRows } from "@/lib/payments/providers/accounts";
import { toPaymentProviderDto } from "@/lib/payments/providers/dto";

export const GET = route(contract.listPaymentProviders, async ({ db, caller }) => ({
  data: (await listProviderRows(db, caller.workspaceId)).map(toPaymentProviderDto),
}));
