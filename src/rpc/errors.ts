/**
 * The one place that turns protocol errors into ConnectErrors: a canonical
 * code, exactly one google.rpc.ErrorInfo, and — for OAuth errors — one
 * medmij.errors.v1.OauthError. Anything else becomes INTERNAL with a generic
 * message, so that no unexpected detail (or secret) reaches a caller.
 */
import { Code, ConnectError, type Interceptor } from "@connectrpc/connect";
import { ErrorInfoSchema } from "../../gen/google/rpc/error_details_pb.js";
import { ErrorDisposition, OauthErrorCode, OauthErrorSchema } from "../../gen/medmij/errors/v1/errors_pb.js";
import {
  OAUTH_ERROR_CODES,
  OAUTH_HTTP_STATUS,
  ProtocolError,
  type ErrorDisposition as ProtocolDisposition,
  type ErrorKind,
} from "../protocol/errors.js";

/** The fixed ErrorInfo domain of every error this service returns. */
export const ERROR_DOMAIN = "medmij-oauth.dev";

const CODE_OF_KIND: Record<ErrorKind, Code> = {
  invalid_argument: Code.InvalidArgument,
  not_found: Code.NotFound,
  already_exists: Code.AlreadyExists,
  failed_precondition: Code.FailedPrecondition,
  permission_denied: Code.PermissionDenied,
  unauthenticated: Code.Unauthenticated,
  resource_exhausted: Code.ResourceExhausted,
  deadline_exceeded: Code.DeadlineExceeded,
  unavailable: Code.Unavailable,
  unimplemented: Code.Unimplemented,
  internal: Code.Internal,
};

const DISPOSITION: Record<ProtocolDisposition, ErrorDisposition> = {
  show: ErrorDisposition.SHOW,
  redirect: ErrorDisposition.REDIRECT,
  respond: ErrorDisposition.RESPOND,
};

export function toConnectError(e: unknown): ConnectError {
  if (e instanceof ConnectError) return e;
  if (e instanceof ProtocolError) return connectErrorFromProtocol(e);
  return new ConnectError("internal error", Code.Internal, undefined, [
    { desc: ErrorInfoSchema, value: { reason: "INTERNAL", domain: ERROR_DOMAIN, metadata: {} } },
    {
      desc: OauthErrorSchema,
      value: {
        code: OauthErrorCode.SERVER_ERROR,
        error: "server_error",
        errorDescription: "internal error",
        httpStatus: 500,
        disposition: ErrorDisposition.RESPOND,
        userMessage: "Er ging iets mis bij het verwerken van uw verzoek. Probeer het later opnieuw.",
      },
    },
  ], e);
}

function connectErrorFromProtocol(e: ProtocolError): ConnectError {
  const details: ConstructorParameters<typeof ConnectError>[3] = [
    { desc: ErrorInfoSchema, value: { reason: e.reason, domain: ERROR_DOMAIN, metadata: { ...e.metadata } } },
  ];
  if (e.oauth) {
    details.push({
      desc: OauthErrorSchema,
      value: {
        code: OAUTH_ERROR_CODES[e.oauth.error] as number as OauthErrorCode,
        error: e.oauth.error,
        errorDescription: e.description,
        httpStatus: e.oauth.httpStatus ?? OAUTH_HTTP_STATUS[e.oauth.error],
        disposition: DISPOSITION[e.oauth.disposition],
        redirectUrl: e.oauth.redirectUrl ?? "",
        userMessage: e.oauth.userMessage ?? "",
      },
    });
  }
  return new ConnectError(e.description, CODE_OF_KIND[e.kind], undefined, details, e);
}

/** Converts whatever a handler throws, so that handlers may simply throw ProtocolError. */
export const protocolErrorInterceptor: Interceptor = (next) => async (req) => {
  try {
    return await next(req);
  } catch (e) {
    throw toConnectError(e);
  }
};
