import type { ServiceImpl } from "@connectrpc/connect";
import { AuthorizationServer } from "../../gen/medmij/authorization/v1/authorization_server_pb.js";
import { unimplemented } from "./unimplemented.js";

// Placeholder until the AuthorizationServer is built: every RPC answers UNIMPLEMENTED.
export function createAuthorizationServerService(): ServiceImpl<typeof AuthorizationServer> {
  return {
    startAuthorization: () => unimplemented("StartAuthorization"),
    completeAuthentication: () => unimplemented("CompleteAuthentication"),
    checkAvailability: () => unimplemented("CheckAvailability"),
    getConsent: () => unimplemented("GetConsent"),
    decideConsent: () => unimplemented("DecideConsent"),
    exchangeAuthorizationCode: () => unimplemented("ExchangeAuthorizationCode"),
    introspectToken: () => unimplemented("IntrospectToken"),
    revokeToken: () => unimplemented("RevokeToken"),
    listConsents: () => unimplemented("ListConsents"),
  };
}
