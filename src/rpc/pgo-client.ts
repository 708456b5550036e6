/**
 * The PgoClient service: the PGO's half of the MedMij flow (FLOW 1, 2,
 * 10-12, 14). Each RPC loads the session, applies a pure step from
 * src/protocol/pgo/, saves, and converts. Secrets (state, code, verifier,
 * token) never reach a log line; the token leaves only inside the headers
 * of PrepareResourceRequest.
 */
import { randomBytes as nodeRandomBytes, randomUUID } from "node:crypto";
import type { ServiceImpl } from "@connectrpc/connect";
import { PgoClient } from "../../gen/medmij/pgo/v1/pgo_client_pb.js";
import type { Logger } from "../log.js";
import { ProtocolError } from "../protocol/errors.js";
import type { ListsView } from "../protocol/lists/model.js";
import { buildAuthorizationUrl } from "../protocol/pgo/build-authorization-url.js";
import { buildScope, type PgoInterfaceVersion } from "../protocol/pgo/build-scope.js";
import {
  flowIdOf,
  formatFlowSecret,
  hashSecret,
  matchesHash,
  SESSION_SECRET_CHARS,
} from "../protocol/pgo/flow-ids.js";
import { listDataServices } from "../protocol/pgo/list-data-services.js";
import { mapErrorResponse } from "../protocol/pgo/map-error-response.js";
import { parseAuthorizationResponse } from "../protocol/pgo/parse-authorization-response.js";
import { pkceChallengeS256, pkceVerifierFromBytes } from "../protocol/pgo/pkce.js";
import { rewriteDemoEndpoint, type EndpointPolicy } from "../protocol/pgo/rewrite-demo-endpoint.js";
import {
  checkWhitelisted,
  listsNotLoaded,
  selectDataServices,
  selectSystemRole,
  type SelectedDataServices,
} from "../protocol/pgo/select-data-services.js";
import {
  acceptAuthorizationCode,
  acceptToken,
  beginExchange,
  checkStateBelongsToSession,
  checkTokenEndpointUnchanged,
  codeAlreadyPresented,
  missingSessionId,
  sessionNotFound,
  failSession,
  precondition,
  requireValidToken,
  stateAlreadyUsed,
  type PgoSession,
} from "../protocol/pgo/session.js";
import { validateTokenResponse } from "../protocol/pgo/validate-token-response.js";
import type { TokenClient } from "../adapters/token-client/token-client.js";
import type { PgoSessionStore } from "../stores/pgo/pgo-session-store.js";
import { headersToProto, providersToProto, queryParametersFromProto, timestampFromDate } from "./convert/pgo.js";

export interface PgoClientSettings {
  /** Our OCL hostname (client_id); empty when not configured. */
  readonly clientId: string;
  readonly redirectUri: string;
  readonly sessionTtlSeconds: number;
  readonly tokenTimeoutMs: number;
  readonly interfaceVersion: PgoInterfaceVersion;
  readonly endpoints: EndpointPolicy;
}

export interface PgoClientDeps {
  readonly settings: PgoClientSettings;
  readonly lists: ListsView;
  readonly store: PgoSessionStore;
  readonly tokenClient: TokenClient;
  readonly logger: Logger;
  readonly now: () => Date;
  /** Randomness; injectable for tests. */
  readonly randomBytes?: (n: number) => Uint8Array;
  readonly randomUuid?: () => string;
}

const MAX_PARAMETERS = 50;

export function createPgoClientService(deps: PgoClientDeps): ServiceImpl<typeof PgoClient> {
  const { settings, lists, store, tokenClient, logger, now } = deps;
  const random = deps.randomBytes ?? ((n: number) => new Uint8Array(nodeRandomBytes(n)));
  const uuid = deps.randomUuid ?? randomUUID;

  /** The session a caller's session id names, or a clear error. */
  async function loadSession(sessionId: string): Promise<PgoSession> {
    if (sessionId === "") throw missingSessionId();
    const flowId = flowIdOf(sessionId, SESSION_SECRET_CHARS);
    if (!flowId) {
      throw new ProtocolError({ reason: "INVALID_SESSION_ID", kind: "invalid_argument", description: "session_id is not a session id this service gave out" });
    }
    const session = await store.get(flowId);
    if (!session || !matchesHash(sessionId, session.sessionIdHash)) throw sessionNotFound();
    return session;
  }

  /** The session's gegevensdiensten in the current ZAL; a provider that left the ZAL ends the flow. */
  function currentServices(session: PgoSession): SelectedDataServices {
    const zal = lists.current().zal;
    if (!zal) throw listsNotLoaded();
    try {
      return selectDataServices(zal, session.providerName, session.dataServiceIds);
    } catch (e) {
      if (e instanceof ProtocolError && e.kind === "not_found") {
        throw precondition("PROVIDER_NO_LONGER_LISTED", "the session's provider or gegevensdienst is no longer on the ZAL", "Deze zorgaanbieder is niet meer beschikbaar via MedMij.", {
          providerName: session.providerName,
        });
      }
      throw e;
    }
  }

  async function endFlow(session: PgoSession, reason: string): Promise<void> {
    try {
      await store.save(failSession(session, reason));
    } catch (e) {
      logger.warn("could not record the end of a PGO flow", { correlationId: session.correlationId, error: e as Error });
    }
  }

  return {
    async listDataServices(req) {
      const snap = lists.current();
      if (!snap.zal) throw listsNotLoaded();
      const page = listDataServices(snap.zal, snap.gnl, req.pageSize, req.pageToken, req.filter);
      return { providers: providersToProto(page.providers), nextPageToken: page.nextPageToken };
    },

    async startAuthorization(req) {
      if (settings.clientId === "" || settings.redirectUri === "") {
        throw new ProtocolError({
          reason: "PGO_NOT_CONFIGURED",
          kind: "failed_precondition",
          description: "the PGO client has no client_id or redirect_uri configured (PGO_CLIENT_ID, PGO_REDIRECT_URI)",
        });
      }
      const snap = lists.current();
      const selected = selectDataServices(snap.zal, req.providerName, req.dataServiceIds);
      const scope = buildScope(settings.interfaceVersion, selected.provider.name, req.dataServiceIds);
      // Fail before the person logs in when the code could never be exchanged.
      checkWhitelisted(snap.whitelist, selected.tokenEndpointUri, "token");
      rewriteDemoEndpoint(selected.tokenEndpointUri, settings.endpoints);
      const authorizationEndpoint = rewriteDemoEndpoint(selected.authorizationEndpointUri, settings.endpoints);

      const flowBytes = random(16);
      const sessionId = formatFlowSecret(flowBytes, random(32));
      const state = formatFlowSecret(flowBytes, random(16));
      const verifier = pkceVerifierFromBytes(random(32));
      const correlationId = uuid();
      const createdAt = now();
      const session: PgoSession = {
        flowId: sessionId.flowId,
        sessionIdHash: hashSecret(sessionId.value),
        stateHash: hashSecret(state.value),
        providerName: selected.provider.name,
        dataServiceIds: [...req.dataServiceIds],
        scope,
        interfaceVersion: settings.interfaceVersion,
        tokenEndpointUri: selected.tokenEndpointUri,
        codeVerifier: verifier,
        correlationId,
        createdAt,
        expiresAt: new Date(createdAt.getTime() + settings.sessionTtlSeconds * 1000),
        status: "authorizing",
      };
      if (!(await store.create(session))) {
        throw new ProtocolError({ reason: "SESSION_ID_COLLISION", kind: "unavailable", description: "a new session could not be stored; try again" });
      }
      const authorizationUrl = buildAuthorizationUrl({
        endpoint: authorizationEndpoint.toString(),
        clientId: settings.clientId,
        redirectUri: settings.redirectUri,
        scope,
        state: state.value,
        codeChallenge: pkceChallengeS256(verifier),
        interfaceVersion: settings.interfaceVersion,
        correlationId,
        requestId: uuid(),
      });
      logger.info("send_authorization_request", { correlationId, providerName: session.providerName, dataServiceIds: session.dataServiceIds.join(",") });
      return { sessionId: sessionId.value, authorizationUrl, expireTime: timestampFromDate(session.expiresAt), correlationId };
    },

    async handleAuthorizationResponse(req) {
      if (req.parameters.length > MAX_PARAMETERS) {
        throw new ProtocolError({ reason: "TOO_MANY_PARAMETERS", kind: "invalid_argument", description: `more than ${MAX_PARAMETERS} query parameters` });
      }
      const response = parseAuthorizationResponse(queryParametersFromProto(req.parameters));
      if (req.sessionId === "") throw missingSessionId();
      const session = await loadSession(req.sessionId);
      checkStateBelongsToSession(session, response.state);
      if (!(await store.consumeState(session.flowId, session.stateHash))) throw stateAlreadyUsed();
      if (response.kind === "error") {
        const error = mapErrorResponse({ stage: "authorization", error: response.error, errorDescription: response.errorDescription, providerName: session.providerName });
        await endFlow(session, error.reason);
        logger.info("receive_authorization_error", { correlationId: session.correlationId, providerName: session.providerName, reason: error.reason });
        throw error;
      }
      const updated = acceptAuthorizationCode(session, response.code, now());
      if (!(await store.save(updated))) throw sessionNotFound();
      // FLOW 11: the receipt of the code is logged (never the code).
      logger.info("receive_authorization_response", { correlationId: session.correlationId, providerName: session.providerName });
      return { sessionId: req.sessionId, providerName: session.providerName, dataServiceIds: [...session.dataServiceIds] };
    },

    async exchangeAuthorizationCode(req) {
      const session = await loadSession(req.sessionId);
      const exchanging = beginExchange(session, now());
      const selected = currentServices(session);
      checkTokenEndpointUnchanged(session, selected.tokenEndpointUri);
      checkWhitelisted(lists.current().whitelist, session.tokenEndpointUri, "token");
      const url = rewriteDemoEndpoint(session.tokenEndpointUri, settings.endpoints);
      // At most once: claimed atomically, and the code leaves the store, before it is sent.
      if (!(await store.claimCode(session.flowId, session.expiresAt))) throw codeAlreadyPresented();
      const code = exchanging.authorizationCode;
      const sent: PgoSession = { ...exchanging, authorizationCode: undefined };
      if (!(await store.save(sent))) throw sessionNotFound();

      const log = { correlationId: session.correlationId, providerName: session.providerName };
      logger.info("send_token_request", log);
      let token;
      try {
        const res = await tokenClient.post({
          url,
          form: {
            grant_type: "authorization_code",
            code,
            client_id: settings.clientId,
            redirect_uri: settings.redirectUri,
            code_verifier: session.codeVerifier,
          },
          headers: { "MedMij-Request-ID": uuid(), "X-Correlation-ID": session.correlationId },
          timeoutMs: settings.tokenTimeoutMs,
        });
        token = validateTokenResponse(res, { providerName: session.providerName, requestedScope: session.scope, now: now() });
      } catch (e) {
        const reason = e instanceof ProtocolError ? e.reason : "TOKEN_EXCHANGE_FAILED";
        await endFlow(sent, reason);
        logger.warn("receive_token_error", { ...log, reason });
        throw e;
      }
      const done = acceptToken(sent, { accessToken: token.accessToken, tokenType: token.tokenType, scope: token.scope, expiresAt: token.expiresAt });
      if (!(await store.save(done))) throw sessionNotFound();
      logger.info("receive_token_response", { ...log, expiresInSeconds: token.expiresInSeconds });
      return {
        sessionId: req.sessionId,
        scope: token.scope,
        expireTime: timestampFromDate(token.expiresAt),
        providerName: session.providerName,
        dataServiceIds: [...session.dataServiceIds],
      };
    },

    async prepareResourceRequest(req) {
      if (req.systemRoleCode.length > 30) {
        throw new ProtocolError({ reason: "INVALID_SYSTEM_ROLE_CODE", kind: "invalid_argument", description: "system_role_code is at most 30 characters" });
      }
      const session = await loadSession(req.sessionId);
      const token = requireValidToken(session, now());
      const selected = currentServices(session);
      const role = selectSystemRole(selected.services, req.systemRoleCode);
      checkWhitelisted(lists.current().whitelist, role.resourceEndpointUri, "resource");
      const url = rewriteDemoEndpoint(role.resourceEndpointUri, settings.endpoints);
      // FLOW 14: the token and the ids; no BSN or other identifier of the person.
      const headers: [string, string][] = [
        ["Authorization", `Bearer ${token.accessToken}`],
        ["MedMij-Request-ID", uuid()],
        ["X-Correlation-ID", session.correlationId],
      ];
      return { url: url.toString(), headers: headersToProto(headers), expireTime: timestampFromDate(token.expiresAt), systemRoleCode: role.code };
    },
  };
}
