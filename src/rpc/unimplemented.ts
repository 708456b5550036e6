import { ProtocolError } from "../protocol/errors.js";

/** What an RPC that a later change builds answers until then. */
export function unimplemented(rpc: string): never {
  throw new ProtocolError({ reason: "NOT_IMPLEMENTED", kind: "unimplemented", description: `${rpc} is not implemented yet` });
}
