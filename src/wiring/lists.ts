import { Lists } from "../../gen/medmij/lists/v1/lists_pb.js";
import type { ListsView } from "../protocol/lists/model.js";
import { createListsService } from "../rpc/lists.js";
import type { Infra, WiredRole } from "./infra.js";

/**
 * Builds the list holder (always: the other roles read it) and, when the
 * "lists" role is on, the Lists service.
 */
export async function wireLists(_infra: Infra): Promise<{ view: ListsView; role: WiredRole }> {
  const view: ListsView = { current: () => ({}) };
  return {
    view,
    role: {
      register: (router) => router.service(Lists, createListsService()),
      serviceNames: [Lists.typeName],
      summary: {},
      close: async () => {},
    },
  };
}
