import { Code, ConnectError } from "@connectrpc/connect";
import { ErrorDisposition, OauthErrorSchema } from "../../../gen/medmij/errors/v1/errors_pb.js";

/** A ConnectError as the core sends it: with an OauthError detail. */
export function oauthError(init: {
  error: string;
  disposition: "show" | "redirect" | "respond";
  code?: Code;
  httpStatus?: number;
  redirectUrl?: string;
  userMessage?: string;
  description?: string;
}): ConnectError {
  const disposition = { show: ErrorDisposition.SHOW, redirect: ErrorDisposition.REDIRECT, respond: ErrorDisposition.RESPOND }[init.disposition];
  return new ConnectError(init.description ?? init.error, init.code ?? Code.InvalidArgument, undefined, [
    {
      desc: OauthErrorSchema,
      value: {
        error: init.error,
        errorDescription: init.description ?? "",
        httpStatus: init.httpStatus ?? 400,
        disposition,
        redirectUrl: init.redirectUrl ?? "",
        userMessage: init.userMessage ?? "",
      },
    },
  ]);
}
