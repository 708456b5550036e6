/** Converters between the AuthorizationServer messages and the protocol types. */
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import { ConsentDecision, type Parameter } from "../../../gen/medmij/authorization/v1/authorization_server_pb.js";
import type { RawParameter } from "../../protocol/authorization/parameters.js";
import type { ConsentEntry } from "../../protocol/authorization/records.js";
import { invalidArgument } from "../../protocol/authorization/authorization-errors.js";

export function parametersFromProto(parameters: readonly Parameter[]): RawParameter[] {
  return parameters.map((p) => ({ name: p.name, value: p.value }));
}

export function decisionFromProto(decision: ConsentDecision): "allow" | "deny" | undefined {
  if (decision === ConsentDecision.ALLOW) return "allow";
  if (decision === ConsentDecision.DENY) return "deny";
  return undefined;
}

export function decisionToProto(decision: "allow" | "deny"): ConsentDecision {
  return decision === "allow" ? ConsentDecision.ALLOW : ConsentDecision.DENY;
}

export function consentRecordToProto(entry: ConsentEntry) {
  return {
    decideTime: timestampFromDate(new Date(entry.decidedAt)),
    clientId: entry.clientId,
    scope: entry.scope,
    decision: decisionToProto(entry.decision),
    sessionReference: entry.sessionReference,
    subjectHash: entry.subjectHash,
  };
}

export { timestampFromDate };

/**
 * ListConsents page tokens: opaque base64url of the position and the client
 * filter, so a token cannot be reused with another filter.
 */
export function encodePageToken(after: number, clientId: string): string {
  return Buffer.from(JSON.stringify({ v: 1, a: after, c: clientId.toLowerCase() }), "utf8").toString("base64url");
}

export function decodePageToken(token: string, clientId: string): number | undefined {
  if (token === "") return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(token, "base64url").toString("utf8"));
  } catch {
    throw invalidArgument("INVALID_PAGE_TOKEN", "page_token is not a token from a previous ListConsents call");
  }
  const t = parsed as { v?: unknown; a?: unknown; c?: unknown } | null;
  if (!t || t.v !== 1 || typeof t.a !== "number" || !Number.isSafeInteger(t.a) || t.a < 1 || typeof t.c !== "string") {
    throw invalidArgument("INVALID_PAGE_TOKEN", "page_token is not a token from a previous ListConsents call");
  }
  if (t.c !== clientId.toLowerCase()) throw invalidArgument("PAGE_TOKEN_FILTER_MISMATCH", "page_token was issued for another client_id filter");
  return t.a;
}
