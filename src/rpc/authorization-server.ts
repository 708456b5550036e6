/**
 * The AuthorizationServer service: load, call protocol, save, convert. Every
 * rule lives in src/protocol/authorization/; every piece of state in the
 * stores; DigiD and the availability check behind their ports.
 */
import { randomBytes as nodeRandomBytes } from "node:crypto";
import type { ServiceImpl } from "@connectrpc/connect";
import { AuthenticationOutcome, AuthorizationServer, ConsentDecision } from "../../gen/medmij/authorization/v1/authorization_server_pb.js";
import { ArtifactResolutionError, type ArtifactResolver } from "../adapters/authentication/artifact-resolver.js";
import { AvailabilityUnavailableError, type AvailabilityChecker } from "../adapters/availability/availability-checker.js";
import type { Logger } from "../log.js";
import { silentLogger } from "../log.js";
import {
  invalidArgument,
  NOT_GRANTED_DESCRIPTION,
  preconditionError,
  redirectError,
  respondError,
  showError,
} from "../protocol/authorization/authorization-errors.js";
import { isValidBsn } from "../protocol/authorization/check-bsn-elfproef.js";
import { s256Challenge } from "../protocol/authorization/check-pkce.js";
import { buildConsentText, buildLandingText } from "../protocol/authorization/build-consent-text.js";
import { codeExchangeError } from "../protocol/authorization/code-exchange-error.js";
import { parseAuthorizationRequest } from "../protocol/authorization/parse-authorization-request.js";
import { grantedScope, type InterfaceVersion } from "../protocol/authorization/parse-scope.js";
import { parseTokenRequest } from "../protocol/authorization/parse-token-request.js";
import type { CodeRecord, Grant, TokenRecord } from "../protocol/authorization/records.js";
import {
  csrfToken,
  flowKeyOf,
  generateFlowId,
  generateFlowSecret,
  safeEqual,
  sessionReference,
  type FlowKey,
  type RandomBytes,
} from "../protocol/authorization/secrets.js";
import * as flow from "../protocol/authorization/session.js";
import type { AuthorizationSession } from "../protocol/authorization/session.js";
import { decryptSubject, deriveSubjectKeys, encryptSubject, subjectHash } from "../protocol/authorization/subject-crypto.js";
import { buildErrorRedirect } from "../protocol/build-error-redirect.js";
import { ProtocolError } from "../protocol/errors.js";
import { dataServiceName, findClient, type ListsView } from "../protocol/lists/model.js";
import type { AuthorizationStores } from "../stores/authorization/create-stores.js";
import { StoreUnavailableError } from "../stores/authorization/store-unavailable.js";
import {
  consentRecordToProto,
  decisionFromProto,
  decisionToProto,
  decodePageToken,
  encodePageToken,
  parametersFromProto,
  timestampFromDate,
} from "./convert/authorization.js";

export interface AuthorizationServerSettings {
  readonly interfaceVersion: InterfaceVersion;
  readonly providerNames: readonly string[];
  readonly providerDisplayName: string;
  readonly requirePkce: boolean;
  readonly allowLocalhostHttpRedirects: boolean;
  readonly sessionTtlSeconds: number;
  /** Pending (unfinished, unexpired) sessions one client may have (RFC 6819 §4.4.1.11). */
  readonly maxPendingSessionsPerClient: number;
  readonly codeTtlSeconds: number;
  readonly accessTokenTtlSeconds: number;
  readonly authenticationUrl: string;
  /** 32 bytes: AES-256-GCM for the BSN at rest; the HMAC keys are derived from it. */
  readonly encryptionKey: Buffer;
}

export interface AuthorizationServerDeps {
  readonly settings: AuthorizationServerSettings;
  readonly lists: ListsView;
  readonly stores: AuthorizationStores;
  readonly authentication: ArtifactResolver;
  readonly availability: AvailabilityChecker;
  readonly logger?: Logger;
  readonly now?: () => Date;
  readonly randomBytes?: RandomBytes;
}

type Target = { redirectUri: string; state: string | undefined };

const USER_MESSAGE_SESSION = "Uw sessie is verlopen of onbekend. Ga terug naar uw PGO en begin opnieuw.";
const USER_MESSAGE_UNAVAILABLE = "Deze dienst is tijdelijk niet beschikbaar. Probeer het later opnieuw.";
const USER_MESSAGE_ARTIFACT = "Het inloggen is niet gelukt: het BSN is ongeldig. Probeer het opnieuw.";
const USER_MESSAGE_CSRF = "Uw keuze kon niet worden verwerkt. Ga terug naar uw PGO en begin opnieuw.";
const MAX_PAGE_SIZE = 500;
const DEFAULT_PAGE_SIZE = 50;

export function createAuthorizationServerService(deps: AuthorizationServerDeps): ServiceImpl<typeof AuthorizationServer> {
  const { settings, lists, stores, authentication, availability } = deps;
  const log = deps.logger ?? silentLogger;
  const now = deps.now ?? (() => new Date());
  const random: RandomBytes = deps.randomBytes ?? ((n) => nodeRandomBytes(n));
  const keys = deriveSubjectKeys(settings.encryptionKey);
  const policy = {
    interfaceVersion: settings.interfaceVersion,
    providerNames: settings.providerNames,
    requirePkce: settings.requirePkce,
    allowLocalhostHttpRedirects: settings.allowLocalhostHttpRedirects,
  };
  const subjectContext = (reference: string) => `subject:${reference}`;

  /** Redis down: redirect when the client is known (browser steps), else an error page / 503. */
  function storeDown(e: unknown, target: Target | undefined, backChannel = false): unknown {
    if (!(e instanceof StoreUnavailableError)) return e;
    log.error("flow state store unavailable", { error: e.cause instanceof Error ? e.cause.message : "unknown" });
    const description = "the authorization server is temporarily unavailable";
    if (backChannel) return respondError("temporarily_unavailable", "STORE_UNAVAILABLE", description, "unavailable");
    if (target) return redirectError(target, "temporarily_unavailable", "STORE_UNAVAILABLE", description, "unavailable");
    return showError("STORE_UNAVAILABLE", "unavailable", description, USER_MESSAGE_UNAVAILABLE, "temporarily_unavailable");
  }

  async function loadSession(sessionId: string): Promise<{ key: FlowKey; session: AuthorizationSession; target: Target }> {
    if (sessionId === "") throw showError("MISSING_SESSION_ID", "invalid_argument", "session_id is missing", USER_MESSAGE_SESSION);
    const notFound = () => showError("SESSION_NOT_FOUND", "not_found", "the session is unknown or has expired", USER_MESSAGE_SESSION);
    // A malformed id never reaches the store.
    const key = flowKeyOf(sessionId);
    if (!key) throw notFound();
    const session = await stores.sessions.get(key);
    if (!session || Date.parse(session.expiresAt) <= now().getTime()) throw notFound();
    return { key, session, target: { redirectUri: session.redirectUri, state: session.state } };
  }

  async function saveSession(key: FlowKey, before: AuthorizationSession, after: AuthorizationSession): Promise<void> {
    if (after === before) return;
    if (!(await stores.sessions.replace(key, before.version, after))) {
      throw preconditionError(
        "CONCURRENT_STEP",
        "the session was changed by another request while this step ran; the step was not applied",
        "Deze stap is al uitgevoerd. Ga terug naar uw PGO en begin opnieuw.",
      );
    }
    if (after.status === "decided" || after.status === "ended") await releasePending(key, after);
  }

  /** Ends the flow (best effort: the redirect matters more than the bookkeeping). */
  async function endSession(key: FlowKey, session: AuthorizationSession, why: string): Promise<void> {
    if (await stores.sessions.replace(key, session.version, flow.ended(session, why)).catch(() => false)) await releasePending(key, session);
  }

  /** A finished flow stops counting toward its client's cap (best effort: an entry left behind expires with the session). */
  async function releasePending(key: FlowKey, session: AuthorizationSession): Promise<void> {
    await stores.pending.release(session.clientId, key.flowId).catch(() => log.warn("could not release a pending session", { session: session.reference }));
  }

  function notGranted(target: Target): ProtocolError {
    return redirectError(target, "access_denied", "NOT_GRANTED", NOT_GRANTED_DESCRIPTION, "permission_denied");
  }

  return {
    // FLOW 3
    async startAuthorization(req) {
      let request;
      try {
        request = parseAuthorizationRequest(parametersFromProto(req.parameters), lists.current(), policy);
      } catch (e) {
        if (e instanceof ProtocolError) {
          // MedMij chain-log events (requirements.md §7.5): an error page, or an error sent back to the client.
          const event = e.oauth?.disposition === "redirect" ? "send_authorization_request_error" : "show_authorization_request_error_page";
          log.info("authorization request refused", { event, refusal: e.reason });
        }
        throw e;
      }
      const target: Target = { redirectUri: request.redirectUri, state: request.state };
      // The flow id names the hash tag of all this flow's state; the code and
      // token of the flow carry it too (secrets.ts).
      const sessionId = generateFlowSecret(generateFlowId(random), random);
      const reference = sessionReference(sessionId);
      const createdAt = now();
      const expiresAt = new Date(createdAt.getTime() + settings.sessionTtlSeconds * 1000);
      const session: AuthorizationSession = {
        version: 1,
        status: "started",
        reference,
        createdAt: createdAt.toISOString(),
        expiresAt: expiresAt.toISOString(),
        clientId: request.clientId,
        redirectUri: request.redirectUri,
        state: request.state,
        scope: request.scope.scope,
        providerName: request.scope.providerName,
        dataServiceIds: request.scope.dataServiceIds,
        providerOnly: request.scope.providerOnly,
        ...(request.pkce ? { codeChallenge: request.pkce.codeChallenge } : {}),
        ...(request.requestId ? { requestId: request.requestId } : {}),
        ...(request.correlationId ? { correlationId: request.correlationId } : {}),
      };
      const key = flowKeyOf(sessionId)!;
      const max = settings.maxPendingSessionsPerClient;
      try {
        // The cap first: one atomic count-and-add per client (RFC 6819 §4.4.1.11).
        if (!(await stores.pending.admit(request.clientId, key.flowId, createdAt.getTime(), expiresAt.getTime(), max, settings.sessionTtlSeconds * 1000))) {
          log.warn("authorization request refused: too many pending sessions", {
            event: "send_authorization_request_error",
            refusal: "TOO_MANY_PENDING_SESSIONS",
            clientId: request.clientId,
            maxPendingSessions: max,
          });
          throw redirectError(
            target,
            "temporarily_unavailable",
            "TOO_MANY_PENDING_SESSIONS",
            "too many authorization requests of this client are in progress; try again later",
            "resource_exhausted",
            { maxPendingSessions: String(max) },
          );
        }
        let created = false;
        try {
          created = await stores.sessions.create(key, session, settings.sessionTtlSeconds * 1000);
        } finally {
          if (!created) await stores.pending.release(request.clientId, key.flowId).catch(() => undefined);
        }
        if (!created) throw new Error("session id collision");
      } catch (e) {
        throw storeDown(e, target);
      }
      log.info("authorization request accepted", {
        event: "receive_authorization_request",
        session: reference,
        clientId: request.clientId,
        scope: request.scope.scope,
        pkce: request.pkce ? "S256" : "none",
        requestId: request.requestId,
        correlationId: request.correlationId,
      });
      const landing = buildLandingText(settings.providerDisplayName, request.client.organisationName);
      return {
        sessionId,
        expireTime: timestampFromDate(expiresAt),
        landingPage: {
          providerDisplayName: settings.providerDisplayName,
          clientOrganisationName: request.client.organisationName,
          title: landing.title,
          text: landing.text,
          authenticationUrl: settings.authenticationUrl,
        },
      };
    },

    // FLOW 5-7
    async completeAuthentication(req) {
      let target: Target | undefined;
      try {
        const { key, session, target: t } = await loadSession(req.sessionId);
        target = t;
        flow.requireStep(session, "CompleteAuthentication");
        if (req.outcome === AuthenticationOutcome.CANCELLED || req.outcome === AuthenticationOutcome.FAILED) {
          const cancelled = req.outcome === AuthenticationOutcome.CANCELLED;
          await endSession(key, session, cancelled ? "authentication cancelled" : "authentication failed");
          log.info("authentication did not complete", {
            event: cancelled ? "receive_authorization_cancellation" : "receive_authentication_error",
            session: session.reference,
          });
          throw redirectError(
            target,
            "access_denied",
            cancelled ? "AUTHENTICATION_CANCELLED" : "AUTHENTICATION_FAILED",
            cancelled ? "The person cancelled the authentication" : "The authentication did not succeed",
            "permission_denied",
          );
        }
        if (req.outcome !== AuthenticationOutcome.SUCCESS) throw invalidArgument("MISSING_OUTCOME", "outcome must be SUCCESS, CANCELLED or FAILED");
        if (req.artifact === "") throw invalidArgument("MISSING_ARTIFACT", "artifact is required when outcome is SUCCESS");

        let bsn: string;
        try {
          bsn = await authentication.resolve(req.artifact);
          if (!isValidBsn(bsn)) throw new ArtifactResolutionError("INVALID_ARTIFACT", "the BSN from the authentication service fails the elfproef");
        } catch (e) {
          if (!(e instanceof ArtifactResolutionError)) throw e;
          log.warn("artifact resolution failed", { session: session.reference, failure: e.failure });
          if (e.failure === "INVALID_ARTIFACT") throw showError(e.failure, "invalid_argument", e.message, USER_MESSAGE_ARTIFACT);
          if (e.failure === "AUTHENTICATION_SERVICE_UNAVAILABLE") throw redirectError(target, "temporarily_unavailable", e.failure, e.message, "unavailable");
          await endSession(key, session, "authentication not configured");
          throw redirectError(target, "server_error", e.failure, e.message, "failed_precondition");
        }
        const next = flow.authenticated(session, encryptSubject(keys, bsn, subjectContext(session.reference), random));
        await saveSession(key, session, next);
        log.info("person authenticated", { event: "receive_authentication_response", session: session.reference });
        return { sessionId: req.sessionId };
      } catch (e) {
        throw storeDown(e, target);
      }
    },

    // FLOW 8
    async checkAvailability(req) {
      let target: Target | undefined;
      try {
        const { key, session, target: t } = await loadSession(req.sessionId);
        target = t;
        flow.requireStep(session, "CheckAvailability");
        const bsn = decryptSubject(keys, session.subject!, subjectContext(session.reference));
        let ids: string[];
        try {
          ids = await availability.check({ bsn, providerName: session.providerName, dataServiceIds: session.dataServiceIds, now: now() });
        } catch (e) {
          if (!(e instanceof AvailabilityUnavailableError)) throw e;
          log.error("availability check unavailable", { session: session.reference, error: e.message });
          throw redirectError(target, "temporarily_unavailable", "AVAILABILITY_UNAVAILABLE", "the availability check is temporarily unavailable", "unavailable");
        }
        if (ids.length === 0) {
          await saveSession(key, session, flow.ended(session, "no data available"));
          log.info("request not granted", { session: session.reference, step: "availability" });
          throw notGranted(target);
        }
        await saveSession(key, session, flow.available(session, ids));
        return { availableDataServiceIds: ids };
      } catch (e) {
        throw storeDown(e, target);
      }
    },

    // FLOW 9
    async getConsent(req) {
      let target: Target | undefined;
      try {
        const { key, session, target: t } = await loadSession(req.sessionId);
        target = t;
        const next = flow.consentShown(session);
        const snapshot = lists.current();
        const client = findClient(snapshot.ocl, session.clientId);
        if (!client) {
          await endSession(key, session, "client no longer on the OCL");
          throw redirectError(target, "unauthorized_client", "CLIENT_NO_LONGER_LISTED", "the client is no longer on the OAuth Client List");
        }
        await saveSession(key, session, next);
        const ids = session.availableDataServiceIds ?? session.dataServiceIds;
        const dataServices = ids.map((id) => ({ id, displayName: dataServiceName(snapshot.gnl, id) ?? `Gegevensdienst ${id}` }));
        const text = buildConsentText({
          providerDisplayName: settings.providerDisplayName,
          clientOrganisationName: client.organisationName,
          dataServiceNames: dataServices.map((d) => d.displayName),
        });
        return {
          providerDisplayName: settings.providerDisplayName,
          clientOrganisationName: client.organisationName,
          dataServices,
          title: text.title,
          question: text.question,
          explanation: [...text.explanation],
          allowLabel: text.allowLabel,
          denyLabel: text.denyLabel,
          csrfToken: csrfToken(keys.csrfKey, req.sessionId),
          scope: session.scope,
        };
      } catch (e) {
        throw storeDown(e, target);
      }
    },

    // FLOW 10
    async decideConsent(req) {
      let target: Target | undefined;
      try {
        const { key, session, target: t } = await loadSession(req.sessionId);
        target = t;
        if (req.csrfToken === "" || !safeEqual(req.csrfToken, csrfToken(keys.csrfKey, req.sessionId))) {
          throw showError("CSRF_TOKEN_MISMATCH", "permission_denied", "csrf_token does not belong to this session", USER_MESSAGE_CSRF);
        }
        const decision = decisionFromProto(req.decision);
        if (!decision) throw invalidArgument("MISSING_DECISION", "decision must be ALLOW or DENY");
        const next = flow.decided(session, decision);
        await saveSession(key, session, next);
        const decidedAt = now();
        const bsn = decryptSubject(keys, session.subject!, subjectContext(session.reference));
        await stores.consents.append({
          decidedAt: decidedAt.toISOString(),
          clientId: session.clientId,
          scope: session.scope,
          decision,
          sessionReference: session.reference,
          subjectHash: subjectHash(keys, bsn),
        });
        log.info("consent decided", { session: session.reference, clientId: session.clientId, decision });
        if (decision === "deny") {
          return { redirectUrl: buildErrorRedirect(target.redirectUri, "access_denied", NOT_GRANTED_DESCRIPTION, target.state), decision: decisionToProto(decision) };
        }
        const available = session.availableDataServiceIds ?? session.dataServiceIds;
        const code = generateFlowSecret(key.flowId, random);
        const record: CodeRecord = {
          ...grantOf(session, available),
          codeChallenge: session.codeChallenge ?? "",
          issuedAt: decidedAt.toISOString(),
          expiresAt: new Date(decidedAt.getTime() + settings.codeTtlSeconds * 1000).toISOString(),
        };
        if (!(await stores.codes.save(flowKeyOf(code)!, record, settings.codeTtlSeconds * 1000))) throw new Error("code collision");
        const url = new URL(session.redirectUri);
        url.searchParams.set("code", code);
        url.searchParams.set("state", session.state);
        return { redirectUrl: url.toString(), decision: ConsentDecision.ALLOW };
      } catch (e) {
        throw storeDown(e, target);
      }
    },

    // FLOW 13
    async exchangeAuthorizationCode(req) {
      const request = parseTokenRequest(parametersFromProto(req.parameters), lists.current());
      const logFields = { clientId: request.clientId, requestId: req.requestId || undefined, correlationId: req.correlationId || undefined };
      try {
        const codeKey = request.codeWellFormed ? flowKeyOf(request.code) : undefined;
        if (!codeKey) {
          log.info("token request refused", { ...logFields, refusal: "CODE_MALFORMED" });
          throw codeExchangeError({ status: "unknown" }, request.codeVerifier !== undefined);
        }
        const issuedAt = now();
        // The token (of the code's flow) is drawn before the code is consumed, so
        // that the consumption records its hash atomically; a second use of the
        // code revokes it inside the same atomic step.
        const token = generateFlowSecret(codeKey.flowId, random);
        const tokenKey = flowKeyOf(token)!;
        const outcome = await stores.codes.consume(
          codeKey,
          { clientId: request.clientId, redirectUri: request.redirectUri, codeChallenge: request.codeVerifier ? s256Challenge(request.codeVerifier) : "" },
          issuedAt,
          settings.accessTokenTtlSeconds * 1000,
          tokenKey.hash,
        );
        if (outcome.status !== "consumed") {
          const error = codeExchangeError(outcome, request.codeVerifier !== undefined);
          (outcome.status === "already_used" ? log.warn : log.info)("token request refused", {
            ...logFields,
            refusal: error.reason,
            // (a field name without "token": the logger would redact it)
            ...(outcome.status === "already_used" ? { revokedIssued: outcome.tokenRevoked } : {}),
          });
          throw error;
        }
        const expiresAt = new Date(issuedAt.getTime() + settings.accessTokenTtlSeconds * 1000);
        const { codeChallenge: _c, issuedAt: _i, expiresAt: _e, ...grant } = outcome.record;
        const record: TokenRecord = { ...grant, issuedAt: issuedAt.toISOString(), expiresAt: expiresAt.toISOString() };
        // The flow's token slot is only taken when a second use of the code came
        // between the consumption and this save and left a revocation marker: the
        // token answered below is then never active (as if issued and revoked).
        if (!(await stores.tokens.save(tokenKey, record, settings.accessTokenTtlSeconds * 1000))) {
          log.warn("access token revoked: the code was used again", { ...logFields, session: record.sessionReference });
        }
        log.info("access token issued", { ...logFields, session: record.sessionReference, scope: record.scope });
        return { accessToken: token, tokenType: "Bearer", expiresIn: BigInt(settings.accessTokenTtlSeconds), scope: record.scope };
      } catch (e) {
        throw storeDown(e, undefined, true);
      }
    },

    // FLOW 15
    async introspectToken(req) {
      try {
        const key = flowKeyOf(req.token);
        if (!key) return { active: false };
        const record = await stores.tokens.get(key);
        if (!record || Date.parse(record.expiresAt) <= now().getTime()) return { active: false };
        return {
          active: true,
          scope: record.scope,
          clientId: record.clientId,
          tokenType: "Bearer",
          issueTime: timestampFromDate(new Date(record.issuedAt)),
          expireTime: timestampFromDate(new Date(record.expiresAt)),
          subject: decryptSubject(keys, record.subject, subjectContext(record.sessionReference)),
          providerName: record.providerName,
          dataServiceIds: [...record.dataServiceIds],
        };
      } catch (e) {
        throw storeDown(e, undefined, true);
      }
    },

    // RFC 7009: unknown or malformed tokens are "revoked" too.
    async revokeToken(req) {
      if (req.token === "") throw respondError("invalid_request", "MISSING_TOKEN", "token is missing");
      try {
        const key = flowKeyOf(req.token);
        if (key && (await stores.tokens.revoke(key))) log.info("access token revoked", {});
        return {};
      } catch (e) {
        throw storeDown(e, undefined, true);
      }
    },

    async listConsents(req) {
      if (req.pageSize < 0) throw invalidArgument("INVALID_PAGE_SIZE", "page_size must not be negative");
      const pageSize = req.pageSize === 0 ? DEFAULT_PAGE_SIZE : Math.min(req.pageSize, MAX_PAGE_SIZE);
      const after = decodePageToken(req.pageToken, req.clientId);
      try {
        const page = await stores.consents.list({
          pageSize,
          ...(after !== undefined ? { after } : {}),
          ...(req.clientId !== "" ? { clientId: req.clientId } : {}),
        });
        return {
          consents: page.entries.map(consentRecordToProto),
          nextPageToken: page.next !== undefined ? encodePageToken(page.next, req.clientId) : "",
        };
      } catch (e) {
        throw storeDown(e, undefined, true);
      }
    },
  };

  function grantOf(session: AuthorizationSession, available: readonly string[]): Grant {
    const requested = { scope: session.scope, providerName: session.providerName, dataServiceIds: session.dataServiceIds, providerOnly: session.providerOnly };
    return {
      sessionReference: session.reference,
      clientId: session.clientId,
      redirectUri: session.redirectUri,
      scope: grantedScope(requested, settings.interfaceVersion, available),
      providerName: session.providerName,
      dataServiceIds: [...available],
      subject: session.subject!,
      ...(session.correlationId ? { correlationId: session.correlationId } : {}),
    };
  }
}
