import type { Operation } from "@/lib/api/operation";
import * as account from "./account";
import * as analytics from "./analytics";
import * as alerts from "./alerts";
import * as apiKeys from "./api-keys";
import * as bots from "./bots";
import * as broadcasts from "./broadcasts";
import * as contacts from "./contacts";
import * as events from "./events";
import * as files from "./files";
import * as flows from "./flows";
import * as health from "./health";
import * as inbox from "./inbox";
import * as journal from "./journal";
import * as members from "./members";
import * as meta from "./meta";
import * as orders from "./orders";
import * as payments from "./payments";
import * as products from "./products";
import * as webhooks from "./webhooks";
import * as workspace from "./workspace";

function operationsOf(mod: Record<string, unknown>): Operation[] {
  return Object.values(mod).filter(
    (v): v is Operation =>
      typeof v === "object" && v !== null && "method" in v && "path" in v && "auth" in v,
  );
}

/** Every API operation; add a contracts module here and the OpenAPI document picks it up. */
export const allOperations: Operation[] = [
  meta,
  health,
  account,
  workspace,
  members,
  apiKeys,
  bots,
  flows,
  products,
  files,
  payments,
  orders,
  inbox,
  journal,
  events,
  broadcasts,
  webhooks,
  contacts,
  analytics,
  alerts,
].flatMap(operationsOf);
