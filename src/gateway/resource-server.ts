/**
 * The demo resource server (FLOW 15-16): GET /fhir[/<ResourceType>] with
 * `Authorization: Bearer` → IntrospectToken → a FHIR R4 searchset Bundle of
 * the person's demo data, limited to the granted gegevensdiensten. The BSN
 * comes from introspection and never leaves this handler.
 */
import { randomUUID } from "node:crypto";
import type { Gateway, RequestContext } from "./context.js";
import { dataServicesOf } from "./demo-data.js";
import { failureOf } from "./failure.js";
import { header, resOf } from "./http-io.js";

const FHIR_JSON = "application/fhir+json; charset=utf-8";

function operationOutcome(code: string, text: string) {
  return { resourceType: "OperationOutcome", issue: [{ severity: "error", code, diagnostics: text }] };
}

export async function resourceServer(gw: Gateway, ctx: RequestContext): Promise<void> {
  const { res } = ctx;
  const log = gw.logger.child({
    requestId: (header(ctx.req, "medmij-request-id") ?? "").slice(0, 64),
    correlationId: (header(ctx.req, "x-correlation-id") ?? "").slice(0, 64),
  });
  const unauthorized = (challenge: string, text: string) => {
    resOf(res).setHeader("WWW-Authenticate", challenge);
    gw.respond.json(res, 401, operationOutcome("login", text), FHIR_JSON);
  };
  if (ctx.req.method !== "GET") {
    resOf(res).setHeader("Allow", "GET");
    return gw.respond.json(res, 405, operationOutcome("not-supported", "only GET is supported"), FHIR_JSON);
  }
  const type = ctx.url.pathname.replace(/^\/fhir\/?/, "");
  if (type !== "" && !/^[A-Z][A-Za-z]{1,63}$/.test(type)) {
    return gw.respond.json(res, 404, operationOutcome("not-found", "unknown resource path"), FHIR_JSON);
  }
  const auth = header(ctx.req, "authorization") ?? "";
  const match = /^Bearer +([A-Za-z0-9\-._~+/]+=*)$/i.exec(auth);
  // RFC 6750 §3.1: no error code when the request carried no token at all.
  if (!auth) return unauthorized('Bearer realm="medmij-oauth"', "an access token is required");
  if (!match) return unauthorized('Bearer realm="medmij-oauth", error="invalid_request"', "malformed Authorization header");
  try {
    const info = await gw.auth.introspectToken({ token: match[1]! });
    if (!info.active) {
      log.info("resource request refused", { httpStatus: 401 });
      return unauthorized('Bearer realm="medmij-oauth", error="invalid_token"', "the access token is invalid, expired or revoked");
    }
    const granted = new Set(info.dataServiceIds);
    const resources = gw.demo
      .resourcesOf(info.subject)
      .filter((r) => dataServicesOf(r).some((id) => granted.has(id)))
      .filter((r) => type === "" || r.resourceType === type);
    log.info("resource request served", { httpStatus: 200, entries: resources.length });
    gw.respond.json(
      res,
      200,
      {
        resourceType: "Bundle",
        id: randomUUID(),
        meta: { lastUpdated: new Date().toISOString() },
        type: "searchset",
        timestamp: new Date().toISOString(),
        total: resources.length,
        entry: resources.map((r) => ({
          fullUrl: r.id ? new URL(`/fhir/${r.resourceType}/${r.id}`, ctx.url).toString() : `urn:uuid:${randomUUID()}`,
          resource: r,
          search: { mode: "match" },
        })),
      },
      FHIR_JSON,
    );
  } catch (e) {
    const f = failureOf(e);
    log.warn("introspection failed", { httpStatus: f.status, oauthError: f.error });
    gw.respond.json(res, f.status >= 500 ? f.status : 500, operationOutcome("exception", "the access token could not be checked"), FHIR_JSON);
  }
}
