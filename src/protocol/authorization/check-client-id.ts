import { findClient, type Ocl, type OclClient } from "../lists/model.js";

export type ClientIdCheck =
  | { ok: true; client: OclClient }
  | { ok: false; reason: "MISSING_CLIENT_ID" | "UNKNOWN_CLIENT" | "CLIENT_LIST_UNAVAILABLE"; description: string };

/** The client_id must be the hostname of a client on the OAuth Client List. */
export function checkClientId(ocl: Ocl | undefined, clientId: string | undefined): ClientIdCheck {
  if (clientId === undefined) return { ok: false, reason: "MISSING_CLIENT_ID", description: "client_id is missing" };
  if (!ocl) return { ok: false, reason: "CLIENT_LIST_UNAVAILABLE", description: "the OAuth Client List is not loaded" };
  const client = findClient(ocl, clientId);
  if (!client) return { ok: false, reason: "UNKNOWN_CLIENT", description: "client_id is not on the OAuth Client List" };
  return { ok: true, client };
}
