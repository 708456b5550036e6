/**
 * The Lists service: look-ups in the current lists, their status, and a
 * stream of their changes. It reads the same in-process holder the
 * authorization server and the PGO client use.
 */
import { create } from "@bufbuild/protobuf";
import type { HandlerContext, ServiceImpl } from "@connectrpc/connect";
import {
  CheckWhitelistResponseSchema,
  GetDataServiceNamesResponseSchema,
  GetListStatusResponseSchema,
  GetOAuthClientResponseSchema,
  GetProviderResponseSchema,
  ListEvent,
  ListProvidersResponseSchema,
  Lists,
  WatchListsResponseSchema,
  type WatchListsRequest,
  type WatchListsResponse,
} from "../../gen/medmij/lists/v1/lists_pb.js";
import { ProtocolError } from "../protocol/errors.js";
import { toConnectError } from "./errors.js";
import { checkDataServiceId, checkHostname, checkProviderName, invalid, listNotLoaded } from "../protocol/lists/check-lookup-input.js";
import { findClient, findProvider, isWhitelisted, LIST_KINDS, type ListKind } from "../protocol/lists/model.js";
import { pageProviders } from "../protocol/lists/page-providers.js";
import type { ListChange, ListsHolder } from "../stores/lists/list-holder.js";
import { listEventToProto, listKindFromProto, listStatusToProto, providerToProto } from "./convert/lists.js";

export interface ListsServiceDeps {
  readonly holder: ListsHolder;
}

const MAX_IDS = 1000;

export function createListsService(deps: ListsServiceDeps): ServiceImpl<typeof Lists> {
  const { holder } = deps;
  const lists = () => holder.view.current();

  return {
    getProvider(req) {
      checkProviderName(req.name);
      const { zal, gnl } = lists();
      if (!zal) throw listNotLoaded("zal");
      const provider = findProvider(zal, req.name);
      if (!provider) {
        throw new ProtocolError({
          reason: "PROVIDER_NOT_FOUND",
          kind: "not_found",
          description: `provider "${req.name}" is not on the Zorgaanbiederslijst (Volgnummer ${zal.volgnummer})`,
          metadata: { name: req.name, volgnummer: String(zal.volgnummer) },
        });
      }
      return create(GetProviderResponseSchema, { provider: providerToProto(provider, gnl) });
    },

    listProviders(req) {
      if (req.dataServiceId !== "") checkDataServiceId(req.dataServiceId, "data_service_id");
      const { zal, gnl } = lists();
      if (!zal) throw listNotLoaded("zal");
      const page = pageProviders(zal, { pageSize: req.pageSize, pageToken: req.pageToken, dataServiceId: req.dataServiceId });
      return create(ListProvidersResponseSchema, {
        providers: page.providers.map((p) => providerToProto(p, gnl)),
        nextPageToken: page.nextPageToken,
      });
    },

    getOAuthClient(req) {
      checkHostname(req.hostname);
      const { ocl } = lists();
      if (!ocl) throw listNotLoaded("ocl");
      const client = findClient(ocl, req.hostname);
      if (!client) {
        throw new ProtocolError({
          reason: "UNKNOWN_CLIENT",
          kind: "not_found",
          description: `hostname "${req.hostname}" is not on the OAuthclientlist (Volgnummer ${ocl.volgnummer})`,
          metadata: { hostname: req.hostname, volgnummer: String(ocl.volgnummer) },
        });
      }
      return create(GetOAuthClientResponseSchema, { client: { hostname: client.hostname, organisationName: client.organisationName } });
    },

    getDataServiceNames(req) {
      if (req.ids.length > MAX_IDS) throw invalid("TOO_MANY_IDS", `at most ${MAX_IDS} ids per call, got ${req.ids.length}`, { count: String(req.ids.length) });
      req.ids.forEach((id, i) => checkDataServiceId(id, `ids[${i}]`));
      const { gnl } = lists();
      if (!gnl) throw listNotLoaded("gnl");
      const names =
        req.ids.length === 0
          ? [...gnl.entries].sort((a, b) => compareIds(a.id, b.id)).map((e) => ({ id: e.id, displayName: e.displayName }))
          : [...new Set(req.ids)].flatMap((id) => {
              const displayName = gnl.nameById.get(id);
              return displayName === undefined ? [] : [{ id, displayName }];
            });
      return create(GetDataServiceNamesResponseSchema, { names });
    },

    checkWhitelist(req) {
      checkHostname(req.hostname);
      const { whitelist } = lists();
      if (!whitelist) throw listNotLoaded("whitelist");
      return create(CheckWhitelistResponseSchema, { whitelisted: isWhitelisted(whitelist, req.hostname) });
    },

    getListStatus() {
      return create(GetListStatusResponseSchema, { lists: holder.status().map(listStatusToProto) });
    },

    async *watchLists(req, ctx) {
      // Errors of a stream surface while it is read, past protocolErrorInterceptor: convert them here.
      try {
        yield* watch(holder, req, ctx);
      } catch (e) {
        throw toConnectError(e);
      }
    },
  };
}

/** Numbers in numeric order, then other ids in code-point order. */
function compareIds(a: string, b: string): number {
  const na = /^\d+$/.test(a), nb = /^\d+$/.test(b);
  if (na && nb) return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
  if (na !== nb) return na ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

function kindsOf(req: WatchListsRequest): ReadonlySet<ListKind> {
  if (req.kinds.length === 0) return new Set(LIST_KINDS);
  return new Set(
    req.kinds.map((k, i) => {
      const kind = listKindFromProto(k);
      if (!kind) throw invalid("LIST_KIND_INVALID", `kinds[${i}] is ${k}: not a list kind`, { index: String(i) });
      return kind;
    }),
  );
}

/** CURRENT for each list asked for, then every change, until the caller cancels or the holder closes. */
async function* watch(holder: ListsHolder, req: WatchListsRequest, ctx: HandlerContext): AsyncGenerator<WatchListsResponse> {
  const kinds = kindsOf(req);
  const queue: Exclude<ListChange, { event: "closed" }>[] = [];
  let closed = false;
  let wake: (() => void) | undefined;
  const unsubscribe = holder.subscribe((change) => {
    if (change.event === "closed") closed = true;
    else if (kinds.has(change.status.kind)) queue.push(change);
    wake?.();
  });
  const onAbort = () => wake?.();
  ctx.signal.addEventListener("abort", onAbort);
  try {
    for (const s of holder.status()) {
      if (kinds.has(s.kind)) yield create(WatchListsResponseSchema, { event: ListEvent.CURRENT, status: listStatusToProto(s) });
    }
    while (!ctx.signal.aborted) {
      const next = queue.shift();
      if (next) {
        yield create(WatchListsResponseSchema, { event: listEventToProto(next.event), status: listStatusToProto(next.status) });
        continue;
      }
      if (closed) return;
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
      wake = undefined;
    }
  } finally {
    unsubscribe();
    ctx.signal.removeEventListener("abort", onAbort);
  }
}

