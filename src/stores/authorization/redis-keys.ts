/**
 * `${prefix}:{${tag}}:${kind}`: the braces are a Redis Cluster hash tag.
 * Every atomic operation (a command or a Lua script) touches keys of one tag
 * only, and names every key it touches in KEYS, so the stores work unchanged
 * on a cluster.
 */
export function redisKey(prefix: string, tag: string, kind: string): string {
  return `${prefix}:{${tag}}:${kind}`;
}

/**
 * The keys of one authorization flow, all under the tag `{flowId}` (the flow
 * id that the session id, the code and the token carry; see
 * src/protocol/authorization/secrets.ts):
 * - `session`: the session (one per flow), with the hash of the session id;
 * - `code:<hash>`: the authorization code, by the hash of the whole code;
 * - `token`: the flow's access token slot (one per flow), with the hash of
 *   the token — one fixed key, so that the code's consume script can name it
 *   in KEYS and revoke the token on a second use of the code.
 * Only hashes appear in keys and values, never a session id, code or token.
 */
export function flowKeys(prefix: string, flowId: string) {
  return {
    session: redisKey(prefix, flowId, "session"),
    code: (hash: string) => redisKey(prefix, flowId, `code:${hash}`),
    token: redisKey(prefix, flowId, "token"),
  };
}

/**
 * The keys of one client (OCL hostname, lower case), under the tag
 * `{client:<hostname>}`: state across that client's flows, never flow state.
 * - `pending`: its pending sessions (redis-pending-sessions.ts).
 */
export function clientKeys(prefix: string, clientId: string) {
  return {
    pending: redisKey(prefix, `client:${clientId.toLowerCase()}`, "pending"),
  };
}
