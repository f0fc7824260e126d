import { route } from "@/lib/api/route";
import * as contract from "@/lib/api/contracts/products";
import { deleteKey } from "@/lib/delivery/keys";

export const DELETE = route(contract.deleteLicenseKey, async ({ db, caller, params }) =>
  deleteKey(db, {
    workspaceId: caller.workspaceId,
    productId: params.id,
    keyId: params.keyId,
    actor: caller.actor,
  }),
);
