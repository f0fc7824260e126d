import { route } from "@/lib/api/route";
import { iso } from "@/lib/api/contracts/common";
import * as contract from "@/lib/api/contracts/products";
import { addKeys, listKeys } from "@/lib/delivery/keys";

export const GET = route(contract.listLicenseKeys, async ({ db, caller, params, query }) => {
  const page = await listKeys(db, {
    workspaceId: caller.workspaceId,
    productId: params.id,
    ...query,
  });
  return {
    ...page,
    data: page.data.map((k) => ({
      ...k,
      assignedAt: iso(k.assignedAt),
      createdAt: iso(k.createdAt),
    })),
  };
});

export const POST = route(contract.addLicenseKeys, async ({ db, caller, params, body }) =>
  addKeys(db, {
    workspaceId: caller.workspaceId,
    productId: params.id,
    codes: body.codes,
    actor: caller.actor,
  }),
);
