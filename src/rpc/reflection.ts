/**
 * gRPC server reflection, v1 and v1alpha (the same protocol under two
 * package names; tools still ask either). Built from the DescServices the
 * server registers: their files and, transitively, every file those import
 * (e.g. google/protobuf/timestamp.proto), so that `buf curl` and grpcurl can
 * describe and call every RPC without local .proto files.
 *
 * Each FileDescriptorResponse holds the requested file first, then all of its
 * transitive dependencies; clients that already know a file simply ignore it.
 */
import { Code, type ConnectRouter, type ServiceImpl } from "@connectrpc/connect";
import { create, toBinary, type DescEnum, type DescExtension, type DescFile, type DescMessage, type DescService } from "@bufbuild/protobuf";
import { FileDescriptorProtoSchema } from "@bufbuild/protobuf/wkt";
import * as v1 from "../../gen/grpc/reflection/v1/reflection_pb.js";
import * as v1alpha from "../../gen/grpc/reflection/v1alpha/reflection_pb.js";

/** The question of one ServerReflectionRequest, shared by v1 and v1alpha. */
type Question =
  | { case: "fileByFilename"; value: string }
  | { case: "fileContainingSymbol"; value: string }
  | { case: "fileContainingExtension"; value: { containingType: string; extensionNumber: number } }
  | { case: "allExtensionNumbersOfType"; value: string }
  | { case: "listServices"; value: string }
  | { case: undefined; value?: undefined };

/** The answer, as a plain init shape both versions' schemas accept. */
type Answer =
  | { case: "fileDescriptorResponse"; value: { fileDescriptorProto: Uint8Array[] } }
  | { case: "allExtensionNumbersResponse"; value: { baseTypeName: string; extensionNumber: number[] } }
  | { case: "listServicesResponse"; value: { service: { name: string }[] } }
  | { case: "errorResponse"; value: { errorCode: number; errorMessage: string } };

export interface Reflection {
  /** Answers one question (exported for tests and for other transports). */
  answer(question: Question): Answer;
  /** Registers grpc.reflection.v1 and grpc.reflection.v1alpha ServerReflection. */
  register(router: ConnectRouter): void;
}

/** The fully qualified names of the two reflection services. */
export const REFLECTION_SERVICE_NAMES = [v1.ServerReflection.typeName, v1alpha.ServerReflection.typeName] as const;

/**
 * Reflection over `services`. The reflection services themselves are added
 * to the list and to the files, as other servers do.
 */
export function createReflection(services: readonly DescService[]): Reflection {
  const all = dedupe([...services, v1.ServerReflection, v1alpha.ServerReflection]);
  const files = new Map<string, DescFile>();
  const symbols = new Map<string, DescFile>();
  const extensions = new Map<string, DescExtension[]>();
  const encoded = new Map<DescFile, Uint8Array>();

  const addFile = (file: DescFile) => {
    if (files.has(file.proto.name)) return;
    files.set(file.proto.name, file);
    for (const dep of file.dependencies) addFile(dep);
    for (const s of file.services) {
      symbols.set(s.typeName, file);
      for (const m of s.methods) symbols.set(`${s.typeName}.${m.name}`, file);
    }
    for (const e of file.enums) addEnum(e, file, file.proto.package);
    for (const m of file.messages) addMessage(m, file);
    for (const x of file.extensions) addExtension(x, file);
  };
  const addMessage = (m: DescMessage, file: DescFile) => {
    symbols.set(m.typeName, file);
    for (const f of m.fields) symbols.set(`${m.typeName}.${f.name}`, file);
    for (const o of m.oneofs) symbols.set(`${m.typeName}.${o.name}`, file);
    for (const e of m.nestedEnums) addEnum(e, file, m.typeName);
    for (const n of m.nestedMessages) addMessage(n, file);
    for (const x of m.nestedExtensions) addExtension(x, file);
  };
  // Enum values are scoped like siblings of their enum (C++ scoping rules).
  const addEnum = (e: DescEnum, file: DescFile, scope: string) => {
    symbols.set(e.typeName, file);
    for (const v of e.values) symbols.set(scope ? `${scope}.${v.name}` : v.name, file);
  };
  const addExtension = (x: DescExtension, file: DescFile) => {
    symbols.set(x.typeName, file);
    const list = extensions.get(x.extendee.typeName) ?? [];
    list.push(x);
    extensions.set(x.extendee.typeName, list);
  };
  for (const s of all) addFile(s.file);

  const encode = (file: DescFile) => {
    let bytes = encoded.get(file);
    if (!bytes) {
      bytes = toBinary(FileDescriptorProtoSchema, file.proto);
      encoded.set(file, bytes);
    }
    return bytes;
  };
  /** The file first, then every file it imports, transitively, each once. */
  const withDependencies = (file: DescFile): Answer => {
    const out: DescFile[] = [];
    const visit = (f: DescFile) => {
      if (out.includes(f)) return;
      out.push(f);
      for (const d of f.dependencies) visit(d);
    };
    visit(file);
    return { case: "fileDescriptorResponse", value: { fileDescriptorProto: out.map(encode) } };
  };
  const notFound = (message: string): Answer => ({
    case: "errorResponse",
    value: { errorCode: Code.NotFound, errorMessage: message },
  });
  const knownMessageType = (name: string) => {
    const file = symbols.get(name);
    return file !== undefined && findMessage(file, name) !== undefined;
  };

  const answer = (q: Question): Answer => {
    switch (q.case) {
      case "listServices":
        return { case: "listServicesResponse", value: { service: all.map((s) => ({ name: s.typeName })) } };
      case "fileByFilename": {
        const file = files.get(q.value);
        return file ? withDependencies(file) : notFound(`file "${q.value}" not found`);
      }
      case "fileContainingSymbol": {
        const file = symbols.get(stripDot(q.value));
        return file ? withDependencies(file) : notFound(`symbol "${q.value}" not found`);
      }
      case "fileContainingExtension": {
        const type = stripDot(q.value.containingType);
        const x = extensions.get(type)?.find((e) => e.number === q.value.extensionNumber);
        return x ? withDependencies(x.file) : notFound(`extension ${q.value.extensionNumber} of "${q.value.containingType}" not found`);
      }
      case "allExtensionNumbersOfType": {
        const type = stripDot(q.value);
        if (!knownMessageType(type)) return notFound(`message type "${q.value}" not found`);
        const numbers = (extensions.get(type) ?? []).map((e) => e.number).sort((a, b) => a - b);
        return { case: "allExtensionNumbersResponse", value: { baseTypeName: type, extensionNumber: numbers } };
      }
      default:
        return { case: "errorResponse", value: { errorCode: Code.InvalidArgument, errorMessage: "the request holds no question" } };
    }
  };

  const v1Service: ServiceImpl<typeof v1.ServerReflection> = {
    async *serverReflectionInfo(requests) {
      for await (const req of requests) {
        yield create(v1.ServerReflectionResponseSchema, {
          validHost: req.host,
          originalRequest: req,
          messageResponse: answer(req.messageRequest),
        });
      }
    },
  };
  const v1alphaService: ServiceImpl<typeof v1alpha.ServerReflection> = {
    async *serverReflectionInfo(requests) {
      for await (const req of requests) {
        yield create(v1alpha.ServerReflectionResponseSchema, {
          validHost: req.host,
          originalRequest: req,
          messageResponse: answer(req.messageRequest),
        });
      }
    },
  };

  return {
    answer,
    register(router) {
      router.service(v1.ServerReflection, v1Service);
      router.service(v1alpha.ServerReflection, v1alphaService);
    },
  };
}

function stripDot(name: string): string {
  return name.startsWith(".") ? name.slice(1) : name;
}

function dedupe(services: readonly DescService[]): DescService[] {
  const seen = new Map<string, DescService>();
  for (const s of services) if (!seen.has(s.typeName)) seen.set(s.typeName, s);
  return [...seen.values()];
}

function findMessage(file: DescFile, typeName: string): DescMessage | undefined {
  const search = (messages: readonly DescMessage[]): DescMessage | undefined => {
    for (const m of messages) {
      if (m.typeName === typeName) return m;
      const nested = search(m.nestedMessages);
      if (nested) return nested;
    }
    return undefined;
  };
  return search(file.messages);
}
