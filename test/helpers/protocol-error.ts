import { ProtocolError } from "../../src/protocol/errors.js";

/** The ProtocolError that `f` throws, or undefined when it throws nothing; any other error is rethrown. */
export function protocolErrorOf(f: () => unknown): ProtocolError | undefined {
  try {
    f();
    return undefined;
  } catch (e) {
    if (e instanceof ProtocolError) return e;
    throw e;
  }
}

/** The reason of the ProtocolError `f` throws (undefined when none). */
export function reasonOf(f: () => unknown): string | undefined {
  return protocolErrorOf(f)?.reason;
}

/** "kind:reason" of the ProtocolError `f` throws (undefined when none). */
export function kindReasonOf(f: () => unknown): string | undefined {
  const e = protocolErrorOf(f);
  return e && `${e.kind}:${e.reason}`;
}
