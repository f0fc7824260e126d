import { route } from "@/lib/api/route";
import * as contract from "@/lib/api/contracts/products";
import { deleteProduct, getProduct, updateProduct } from "@/lib/products/products";
import { toProductDto } from "@/lib/products/dto";

export const GET = route(contract.getProduct, async ({ db, caller, params }) => ({
  product: toProductDto(await getProduct(db, caller.workspaceId, params.id)),
}));

export const PATCH = route(contract.updateProduct, async ({ db, caller, params, body }) => ({
  product: toProductDto(
    await updateProduct(db, {
      workspaceId: caller.workspaceId,
      id: params.id,
      change: body,
      actor: caller.actor,
    }),
  ),
}));

export const DELETE = route(contract.deleteProduct, async ({ db, caller, params }) => {
  await deleteProduct(db, { workspaceId: caller.workspaceId, id: params.id, actor: caller.actor });
});
