/** Pure mappers between the list model / holder status and medmij.lists.v1 messages. */
import { create } from "@bufbuild/protobuf";
import { TimestampSchema, timestampFromDate, type Timestamp } from "@bufbuild/protobuf/wkt";
import {
  DataServiceSchema,
  ListEvent,
  ListKind as ProtoListKind,
  ListStatusSchema,
  ProviderSchema,
  type ListStatus,
  type Provider,
} from "../../../gen/medmij/lists/v1/lists_pb.js";
import { dataServiceName, type Gnl, type ListKind, type ZalProvider } from "../../protocol/lists/model.js";
import { dateTimeToEpoch } from "../../protocol/lists/xsd-simple-types.js";
import type { ListChange, ListStatusInfo } from "../../stores/lists/list-holder.js";

const KIND_TO_PROTO: Record<ListKind, ProtoListKind> = {
  zal: ProtoListKind.ZORGAANBIEDERSLIJST,
  ocl: ProtoListKind.OAUTH_CLIENT_LIST,
  gnl: ProtoListKind.GEGEVENSDIENSTNAMENLIJST,
  whitelist: ProtoListKind.WHITELIST,
};

export function listKindToProto(kind: ListKind): ProtoListKind {
  return KIND_TO_PROTO[kind];
}

/** undefined for UNSPECIFIED or an unknown number. */
export function listKindFromProto(kind: ProtoListKind): ListKind | undefined {
  return (Object.keys(KIND_TO_PROTO) as ListKind[]).find((k) => KIND_TO_PROTO[k] === kind);
}

export function providerToProto(p: ZalProvider, gnl: Gnl | undefined): Provider {
  return create(ProviderSchema, {
    name: p.name,
    dataServices: p.dataServices.map((d) =>
      create(DataServiceSchema, {
        id: d.id,
        displayName: dataServiceName(gnl, d.id) ?? "",
        authorizationEndpointUri: d.authorizationEndpointUri,
        tokenEndpointUri: d.tokenEndpointUri,
        systemRoles: d.systemRoles.map((r) => ({ code: r.code, resourceEndpointUri: r.resourceEndpointUri })),
      }),
    ),
  });
}

export function tijdstempelToTimestamp(tijdstempel: string): Timestamp | undefined {
  const t = dateTimeToEpoch(tijdstempel);
  return t ? create(TimestampSchema, { seconds: BigInt(t.seconds), nanos: t.nanos }) : undefined;
}

export function listStatusToProto(s: ListStatusInfo): ListStatus {
  return create(ListStatusSchema, {
    kind: listKindToProto(s.kind),
    loaded: s.loaded,
    sequenceNumber: BigInt(s.volgnummer ?? 0),
    publishTime: s.tijdstempel ? tijdstempelToTimestamp(s.tijdstempel) : undefined,
    source: s.source,
    fetchTime: s.fetchedAt ? timestampFromDate(s.fetchedAt) : undefined,
    lastAttemptTime: s.lastAttemptAt ? timestampFromDate(s.lastAttemptAt) : undefined,
    lastError: s.lastError ?? "",
    entryCount: BigInt(s.entryCount),
  });
}

export function listEventToProto(event: Exclude<ListChange["event"], "closed"> | "current"): ListEvent {
  return event === "current" ? ListEvent.CURRENT : event === "updated" ? ListEvent.UPDATED : ListEvent.REFUSED;
}
