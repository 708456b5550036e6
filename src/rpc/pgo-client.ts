import type { ServiceImpl } from "@connectrpc/connect";
import { PgoClient } from "../../gen/medmij/pgo/v1/pgo_client_pb.js";
import { unimplemented } from "./unimplemented.js";

// Placeholder until the PgoClient is built: every RPC answers UNIMPLEMENTED.
export function createPgoClientService(): ServiceImpl<typeof PgoClient> {
  return {
    listDataServices: () => unimplemented("ListDataServices"),
    startAuthorization: () => unimplemented("StartAuthorization"),
    handleAuthorizationResponse: () => unimplemented("HandleAuthorizationResponse"),
    exchangeAuthorizationCode: () => unimplemented("ExchangeAuthorizationCode"),
    prepareResourceRequest: () => unimplemented("PrepareResourceRequest"),
  };
}
