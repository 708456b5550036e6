/**
 * POST /oauth/token (FLOW 13): the parameters come from a form body
 * (RFC 6749 §4.1.3), a JSON body (the seed's example client) or the query
 * string (the MedMij 2.2 example) and go raw, in order, to
 * ExchangeAuthorizationCode; with both query and body, query first — the
 * core refuses a parameter given twice. Answers per RFC 6749 §5.1/§5.2.
 */
import type { Gateway, RequestContext } from "./context.js";
import { failureOf } from "./failure.js";
import { header, HttpError, mediaType, paramsOf, readBody, resOf, type Param } from "./http-io.js";

/** Header values that go into the chain log: a bounded, printable token. */
function logSafe(value: string | undefined): string {
  if (!value) return "";
  return /^[A-Za-z0-9._:-]{1,128}$/.test(value) ? value : "[malformed]";
}

async function bodyParams(gw: Gateway, ctx: RequestContext): Promise<Param[]> {
  const type = mediaType(ctx.req);
  const body = await readBody(ctx.req, gw.maxBody);
  if (body.trim() === "") return [];
  if (type === "application/x-www-form-urlencoded") return paramsOf(new URLSearchParams(body));
  if (type === "application/json" || type.endsWith("+json")) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      throw new HttpError(400, "the JSON body is malformed");
    }
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
      throw new HttpError(400, "the JSON body must be an object");
    }
    const out: Param[] = [];
    for (const [name, value] of Object.entries(parsed)) {
      if (value === null || value === undefined) continue;
      if (typeof value === "string") out.push({ name, value });
      else if (typeof value === "number" || typeof value === "boolean") out.push({ name, value: String(value) });
      else throw new HttpError(400, `parameter ${name.slice(0, 40).replace(/[^\x20-\x21\x23-\x5B\x5D-\x7E]/g, "?")} must be a string`);
    }
    return out;
  }
  throw new HttpError(400, "unsupported Content-Type: send application/x-www-form-urlencoded");
}

export async function tokenEndpoint(gw: Gateway, ctx: RequestContext): Promise<void> {
  const requestId = header(ctx.req, "medmij-request-id") ?? "";
  const correlationId = header(ctx.req, "x-correlation-id") ?? "";
  const log = gw.logger.child({ requestId: logSafe(requestId), correlationId: logSafe(correlationId) });
  const answer = (status: number, body: Record<string, unknown>) => {
    if (status === 401) resOf(ctx.res).setHeader("WWW-Authenticate", 'Basic realm="medmij-oauth token endpoint"');
    gw.respond.json(ctx.res, status, body);
  };
  if (ctx.req.method !== "POST") {
    resOf(ctx.res).setHeader("Allow", "POST");
    log.info("token request refused", { httpStatus: 405 });
    return answer(405, { error: "invalid_request", error_description: "the token endpoint accepts POST only" });
  }
  try {
    const parameters = [...paramsOf(ctx.url.searchParams), ...(await bodyParams(gw, ctx))];
    const t = await gw.auth.exchangeAuthorizationCode({ parameters, requestId, correlationId });
    log.info("token issued", { httpStatus: 200 });
    const body: Record<string, unknown> = { access_token: t.accessToken, token_type: t.tokenType || "Bearer", expires_in: Number(t.expiresIn) };
    if (t.scope) body.scope = t.scope;
    answer(200, body);
  } catch (e) {
    if (e instanceof HttpError) {
      log.info("token request refused", { httpStatus: e.status });
      return answer(e.status === 413 ? 413 : 400, { error: "invalid_request", error_description: e.message });
    }
    const f = failureOf(e);
    // The back channel always answers JSON, whatever the disposition says.
    const status = f.status;
    log.info("token request refused", { httpStatus: status, oauthError: f.error });
    const body: Record<string, unknown> = { error: f.error };
    if (f.description) body.error_description = f.description;
    answer(status, body);
  }
}
