import type { ServiceImpl } from "@connectrpc/connect";
import { Lists } from "../../gen/medmij/lists/v1/lists_pb.js";
import { unimplemented } from "./unimplemented.js";

// Placeholder until the Lists service is built: every RPC answers UNIMPLEMENTED.
export function createListsService(): ServiceImpl<typeof Lists> {
  return {
    getProvider: () => unimplemented("GetProvider"),
    listProviders: () => unimplemented("ListProviders"),
    getOAuthClient: () => unimplemented("GetOAuthClient"),
    getDataServiceNames: () => unimplemented("GetDataServiceNames"),
    checkWhitelist: () => unimplemented("CheckWhitelist"),
    getListStatus: () => unimplemented("GetListStatus"),
    // eslint-disable-next-line require-yield
    watchLists: async function* () {
      unimplemented("WatchLists");
    },
  };
}
