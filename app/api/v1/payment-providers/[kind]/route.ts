import { route } from "@/lib/api/route";
import * as contract from "@/lib/api/contracts/payments";
import { deleteProvider, saveProvider } from "@/lib/payments/providers/accounts";
import { toPaymentProviderDto } from "@/lib/payments/providers/dto";

export const PUT = route(contract.savePaymentProvider, async ({ db, caller, params, body }) => {
  // The body schema admits every provider's fields; this one's schema decides (422 otherwise).
  const values = contract.providerInputs[params.kind].parse(body);
  const { row, created } = await saveProvider(db, {
    workspaceId: caller.workspaceId,
    kind: params.kind,
    values,
    actor: caller.actor,
  });
  return { provider: toPaymentProviderDto(row), created };
});

export const DELETE = route(contract.deletePaymentProvider, async ({ db, caller, params }) => {
  await deleteProvider(db, {
    workspaceId: caller.workspaceId,
    kind: params.kind,
    actor: caller.actor,
  });
});
