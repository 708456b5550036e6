/**
 * Connection-level Redis failures become StoreUnavailableError, which the
 * service answers with UNAVAILABLE / temporarily_unavailable. Errors Redis
 * replies to a well-formed connection (a bug in a script) stay what they are.
 */
export class StoreUnavailableError extends Error {
  override name = "StoreUnavailableError";
  constructor(cause: unknown) {
    super("the flow state store (Redis) is not reachable", { cause });
  }
}

const TRANSIENT_REPLY = /^(LOADING|BUSY|READONLY|MASTERDOWN|CLUSTERDOWN|TRYAGAIN|MOVED|ASK)\b/;

export async function guarded<T>(op: () => Promise<T>): Promise<T> {
  try {
    return await op();
  } catch (e) {
    const err = e as { name?: string; message?: string };
    if (err?.name === "ReplyError" && !TRANSIENT_REPLY.test(err.message ?? "")) throw e;
    throw new StoreUnavailableError(e);
  }
}
