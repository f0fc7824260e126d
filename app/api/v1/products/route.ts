import { route } from "@/lib/api/route";
import * as contract from "@/lib/api/contracts/products";
import { createProduct, listProducts } from "@/lib/products/products";
import { toProductDto } from "@/lib/products/dto";

export const GET = route(contract.listProducts, async ({ db, caller, query }) => ({
  data: (await listProducts(db, caller.workspaceId, query)).map(toProductDto),
}));

export const POST = route(contract.createProduct, async ({ db, caller, body }) => ({
  product: toProductDto(
    await createProduct(db, {
      workspaceId: caller.workspaceId,
      product: body,
      actor: caller.actor,
    }),
  ),
}));
