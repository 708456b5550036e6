/** Pure mappers between medmij.pgo.v1 messages and the protocol's PGO types. */
import type { MessageInitShape } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import type {
  HeaderSchema,
  Parameter,
  ProviderSchema,
} from "../../../gen/medmij/pgo/v1/pgo_client_pb.js";
import type { ProviderEntry } from "../../protocol/pgo/list-data-services.js";
import type { QueryParameter } from "../../protocol/pgo/parse-authorization-response.js";

export function providersToProto(providers: readonly ProviderEntry[]): MessageInitShape<typeof ProviderSchema>[] {
  return providers.map((p) => ({ name: p.name, dataServices: p.dataServices.map((d) => ({ id: d.id, displayName: d.displayName })) }));
}

export function queryParametersFromProto(parameters: readonly Parameter[]): QueryParameter[] {
  return parameters.map((p) => ({ name: p.name, value: p.value }));
}

export function headersToProto(headers: readonly (readonly [string, string])[]): MessageInitShape<typeof HeaderSchema>[] {
  return headers.map(([name, value]) => ({ name, value }));
}

export { timestampFromDate };
