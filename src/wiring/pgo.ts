import { PgoClient } from "../../gen/medmij/pgo/v1/pgo_client_pb.js";
import type { ListsView } from "../protocol/lists/model.js";
import { createPgoClientService } from "../rpc/pgo-client.js";
import type { Infra, WiredRole } from "./infra.js";

/** Builds the PGO client role: session store, token client and the service. */
export async function wirePgo(_infra: Infra, _lists: ListsView): Promise<WiredRole> {
  return {
    register: (router) => router.service(PgoClient, createPgoClientService()),
    serviceNames: [PgoClient.typeName],
    summary: {},
    close: async () => {},
  };
}
