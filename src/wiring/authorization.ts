import { AuthorizationServer } from "../../gen/medmij/authorization/v1/authorization_server_pb.js";
import type { ListsView } from "../protocol/lists/model.js";
import { createAuthorizationServerService } from "../rpc/authorization-server.js";
import type { Infra, WiredRole } from "./infra.js";

/** Builds the authorization server role: stores, ports and the service. */
export async function wireAuthorization(_infra: Infra, _lists: ListsView): Promise<WiredRole> {
  return {
    register: (router) => router.service(AuthorizationServer, createAuthorizationServerService()),
    serviceNames: [AuthorizationServer.typeName],
    summary: {},
    close: async () => {},
  };
}
