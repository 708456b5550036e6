/**
 * The whole MedMij flow per second, on the in-memory store vs the real
 * Redis, measured side by side in one run:
 *
 *  - RPC:  the AuthorizationServer RPCs over the in-process transport
 *          (StartAuthorization → CompleteAuthentication (MOCK:999900006) →
 *          CheckAvailability → GetConsent → DecideConsent(ALLOW) →
 *          ExchangeAuthorizationCode → IntrospectToken);
 *  - HTTP: the same flow as a browser walks it through the HTTP gateways
 *          and the PgoClient (provider list → start → landing → mock DigiD →
 *          consent → callback with the token exchange → FHIR data, which
 *          introspects the token), with a plain HTTP client and a cookie jar.
 *
 * Each at 1 and at 16 flows at once. Two services run in this process (demo
 * mode, port 0, loopback): one on memory, one on Redis (REDIS_URL or
 * redis://127.0.0.1:6379) under a key prefix of its own, whose keys are
 * deleted (SCAN + DEL on that prefix only) at the end. Client and services
 * share one event loop, so the figures are for the whole flow on one core.
 * Every case is bounded in time and in count; rounds rotate the order and the
 * median round counts; p50/p99 are over the flows of all rounds.
 *
 *   npx tsx bench/flow.ts [seconds-per-case=3]
 *   BENCH_FLOW_MAX=20000 caps the flows per case.
 */
import { randomBytes } from "node:crypto";
import http from "node:http";
import type { LookupFunction } from "node:net";
import { createClient, type Client } from "@connectrpc/connect";
import { Redis } from "ioredis";
import { AuthenticationOutcome, AuthorizationServer, ConsentDecision } from "../gen/medmij/authorization/v1/authorization_server_pb.js";
import type { RunningService } from "../src/service.js";
import { startTestService } from "../test/helpers/service.js";

const seconds = Number(process.argv[2] ?? 3);
const MAX_FLOWS = Number(process.env.BENCH_FLOW_MAX ?? 20_000);
const ROUNDS = 3;
const CONCURRENCY = [1, 16];
const FLOW_TIMEOUT_MS = 10_000;
const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const KEY_PREFIX = `bench-flow-${randomBytes(6).toString("hex")}`;
const CLIENT_ID = "pgo.localhost";
const SCOPE = "demoziekenhuis~1 demoziekenhuis~4";

// ---- a tiny HTTP client: cookie jar per flow, *.localhost → 127.0.0.1 ----

const loopback: LookupFunction = (_host, options, callback) => {
  if ((options as { all?: boolean }).all) (callback as unknown as (e: null, a: object[]) => void)(null, [{ address: "127.0.0.1", family: 4 }]);
  else callback(null, "127.0.0.1", 4);
};

interface Answer {
  status: number;
  body: string;
  location: string | undefined;
}

class Browser {
  private readonly cookies = new Map<string, Map<string, string>>();
  constructor(private readonly agent: http.Agent) {}

  request(url: string, form?: Record<string, string | string[]>): Promise<Answer> {
    const target = new URL(url);
    const headers: Record<string, string> = {};
    const jar = this.cookies.get(target.hostname);
    if (jar?.size) headers.cookie = [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
    let body: string | undefined;
    if (form) {
      const p = new URLSearchParams();
      for (const [k, v] of Object.entries(form)) for (const x of Array.isArray(v) ? v : [v]) p.append(k, x);
      body = p.toString();
      headers["content-type"] = "application/x-www-form-urlencoded";
      headers["content-length"] = String(Buffer.byteLength(body));
    }
    return new Promise((resolve, reject) => {
      const req = http.request(target, { method: body ? "POST" : "GET", headers, lookup: loopback, agent: this.agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("error", reject);
        res.on("end", () => {
          for (const line of res.headers["set-cookie"] ?? []) {
            const pair = line.split(";")[0]!;
            const eq = pair.indexOf("=");
            const cookies = this.cookies.get(target.hostname) ?? new Map<string, string>();
            if (/;\s*max-age=0/i.test(line)) cookies.delete(pair.slice(0, eq).trim());
            else cookies.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
            this.cookies.set(target.hostname, cookies);
          }
          const location = res.headers.location ? new URL(res.headers.location, target).toString() : undefined;
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8"), location });
        });
      });
      req.on("error", reject);
      req.end(body);
    });
  }
}

function hidden(page: string, name: string): string {
  const m = new RegExp(`name="${name}" value="([^"]*)"`).exec(page);
  if (!m) throw new Error(`no hidden field ${name} in the page`);
  return m[1]!.replace(/&amp;/g, "&");
}

function expect(ok: boolean, step: string, a?: Answer): void {
  if (!ok) throw new Error(`flow failed at ${step}${a ? ` (HTTP ${a.status})` : ""}`);
}

// ---- the two flows ----

type Flow = () => Promise<void>;

function rpcFlow(svc: RunningService): Flow {
  const as: Client<typeof AuthorizationServer> = createClient(AuthorizationServer, svc.transport);
  const redirectUri = `http://pgo.localhost:${svc.port}/pgo/callback`;
  const p = (o: Record<string, string>) => Object.entries(o).map(([name, value]) => ({ name, value }));
  return async () => {
    const state = randomBytes(32).toString("base64url");
    const start = await as.startAuthorization({ parameters: p({ response_type: "code", client_id: CLIENT_ID, redirect_uri: redirectUri, scope: SCOPE, state }) });
    const { sessionId } = start;
    await as.completeAuthentication({ sessionId, outcome: AuthenticationOutcome.SUCCESS, artifact: "MOCK:999900006" });
    const available = await as.checkAvailability({ sessionId });
    expect(available.availableDataServiceIds.length === 2, "CheckAvailability");
    const consent = await as.getConsent({ sessionId });
    const decided = await as.decideConsent({ sessionId, csrfToken: consent.csrfToken, decision: ConsentDecision.ALLOW });
    const back = new URL(decided.redirectUrl);
    expect(back.searchParams.get("state") === state, "DecideConsent");
    const code = back.searchParams.get("code") ?? "";
    const token = await as.exchangeAuthorizationCode({ parameters: p({ grant_type: "authorization_code", code, client_id: CLIENT_ID, redirect_uri: redirectUri }) });
    const info = await as.introspectToken({ token: token.accessToken });
    expect(info.active && info.scope === SCOPE, "IntrospectToken");
  };
}

function httpFlow(svc: RunningService, agent: http.Agent): Flow {
  const pgo = `http://pgo.localhost:${svc.port}`;
  const dva = `http://dva.localhost:${svc.port}`;
  return async () => {
    const b = new Browser(agent);
    const list = await b.request(`${pgo}/pgo/`);
    expect(list.status === 200, "the provider list", list);
    const start = await b.request(`${pgo}/pgo/start`, { csrf: hidden(list.body, "csrf"), provider_name: "demoziekenhuis@medmij", data_service_id: ["1", "4"] });
    expect(start.status === 303 && !!start.location, "start", start);
    const landing = await b.request(start.location!);
    expect(landing.status === 200, "the landing page", landing);
    const href = /id="login" href="([^"]+)"/.exec(landing.body)?.[1];
    expect(!!href, "the login link");
    const login = await b.request(new URL(href!.replace(/&amp;/g, "&"), start.location).toString());
    expect(login.status === 200, "the mock DigiD page", login);
    const loggedIn = await b.request(`${dva}/digid/mock/login`, { csrf: hidden(login.body, "csrf"), bsn: "999900006", action: "login" });
    expect(loggedIn.status === 303 && !!loggedIn.location, "the mock DigiD login", loggedIn);
    const consent = await b.request(loggedIn.location!);
    expect(consent.status === 200, "the consent page", consent);
    const decided = await b.request(`${dva}/oauth/consent`, { csrf_token: hidden(consent.body, "csrf_token"), decision: "allow" });
    expect(decided.status === 303 && !!decided.location, "the consent", decided);
    const result = await b.request(decided.location!);
    expect(result.status === 200, "the callback (token exchange)", result);
    const data = await b.request(`${pgo}/pgo/data`);
    expect(data.status === 200 && data.body.includes("Anna de Vries"), "the FHIR data", data);
  };
}

// ---- measuring ----

interface Sample {
  rate: number;
  latencies: number[];
}

/** `concurrency` loops run `flow` until `ms` pass or `max` flows started. */
async function measure(flow: Flow, concurrency: number, ms: number, max: number): Promise<Sample> {
  const latencies: number[] = [];
  let started = 0;
  const begin = performance.now();
  const end = begin + ms;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < end && started < max) {
        started++;
        const t0 = performance.now();
        let timer: NodeJS.Timeout | undefined;
        try {
          await Promise.race([
            flow(),
            new Promise((_, fail) => (timer = setTimeout(() => fail(new Error(`a flow took over ${FLOW_TIMEOUT_MS} ms`)), FLOW_TIMEOUT_MS))),
          ]);
        } finally {
          clearTimeout(timer);
        }
        latencies.push(performance.now() - t0);
      }
    }),
  );
  return { rate: latencies.length / ((performance.now() - begin) / 1000), latencies };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

/** Deletes every key under `${prefix}:` (SCAN + DEL, this prefix only); returns how many. */
async function deleteKeys(url: string, prefix: string): Promise<number> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1, connectTimeout: 3000 });
  redis.on("error", () => {});
  try {
    await redis.connect();
    let deleted = 0;
    let cursor = "0";
    do {
      const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}:*`, "COUNT", 1000);
      cursor = next;
      if (keys.length) deleted += await redis.del(...keys);
    } while (cursor !== "0");
    return deleted;
  } finally {
    redis.disconnect();
  }
}

// ---- the run ----

const services: { name: "memory" | "redis"; svc: RunningService; agent: http.Agent }[] = [];
let redisStarted = false;
let cleaning: Promise<void> | undefined;
const cleanUp = () =>
  (cleaning ??= (async () => {
    for (const s of services) s.agent.destroy();
    await Promise.all(services.map((s) => s.svc.close().catch(() => {})));
    if (redisStarted) {
      const n = await deleteKeys(REDIS_URL, KEY_PREFIX).catch((e: Error) => {
        console.log(`  could not delete the keys under "${KEY_PREFIX}:": ${e.message}`);
        return -1;
      });
      if (n >= 0) console.log(`  deleted ${n} Redis keys under "${KEY_PREFIX}:"`);
    }
  })());

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => void cleanUp().finally(() => process.exit(130)));
}
// Stops by itself even if something hangs: the cases' own bounds, plus a watchdog.
const budgetMs = 2 * CONCURRENCY.length * 2 * (seconds * 1000 + 2000) + 60_000;
setTimeout(() => {
  console.log(`bench/flow: over its ${Math.round(budgetMs / 1000)} s budget; stopping`);
  void cleanUp().finally(() => process.exit(1));
}, budgetMs).unref();

let exitCode = 0;
try {
  services.push({ name: "memory", svc: await startTestService({ DEMO_MODE: "true" }), agent: new http.Agent({ keepAlive: true }) });
  try {
    const svc = await startTestService({ DEMO_MODE: "true", REDIS_URL, REDIS_KEY_PREFIX: KEY_PREFIX });
    redisStarted = true;
    services.push({ name: "redis", svc, agent: new http.Agent({ keepAlive: true }) });
  } catch (e) {
    console.log(`bench/flow: Redis not used (${(e as Error).message}); memory only`);
  }

  const perRound = (seconds * 1000) / ROUNDS;
  const maxPerRound = Math.max(1, Math.ceil(MAX_FLOWS / ROUNDS));
  console.log(
    `bench/flow: ${seconds} s per case in ${ROUNDS} rounds (at most ${MAX_FLOWS} flows per case), in-process service(s): ` +
      services.map((s) => `${s.name} ${s.svc.url}`).join(", ") +
      (redisStarted ? `; Redis ${REDIS_URL.replace(/\/\/[^@/]*@/, "//***@")} prefix "${KEY_PREFIX}"` : ""),
  );

  const paths: [string, (s: (typeof services)[number]) => Flow][] = [
    ["RPC, in-process transport (7 RPCs)", (s) => rpcFlow(s.svc)],
    ["HTTP gateways + PgoClient (9 browser requests)", (s) => httpFlow(s.svc, s.agent)],
  ];
  for (const [pathName, makeFlow] of paths) {
    for (const concurrency of CONCURRENCY) {
      const cases = services.map((s) => ({ name: s.name, flow: makeFlow(s) }));
      // Warm up (connections, JIT, store code paths), then rotate the order per round.
      for (const c of cases) await measure(c.flow, concurrency, 300, 200);
      const samples = new Map(cases.map((c) => [c.name, [] as Sample[]]));
      for (let round = 0; round < ROUNDS; round++) {
        for (let i = 0; i < cases.length; i++) {
          const c = cases[(i + round) % cases.length]!;
          samples.get(c.name)!.push(await measure(c.flow, concurrency, perRound, maxPerRound));
        }
      }
      const stats = new Map(
        cases.map((c) => {
          const s = samples.get(c.name)!;
          const sorted = s.flatMap((x) => x.latencies).sort((a, b) => a - b);
          return [c.name, { rate: median(s.map((x) => x.rate)), p50: percentile(sorted, 50), p99: percentile(sorted, 99), n: sorted.length }] as const;
        }),
      );
      console.log(`\n${pathName}, ${concurrency} flow${concurrency > 1 ? "s" : ""} at once`);
      console.log(`  ${"store".padEnd(8)} ${"flows/s".padStart(9)} ${"p50 ms".padStart(8)} ${"p99 ms".padStart(8)} ${"flows".padStart(7)}`);
      for (const [name, s] of stats) {
        console.log(`  ${name.padEnd(8)} ${s.rate.toFixed(0).padStart(9)} ${s.p50.toFixed(2).padStart(8)} ${s.p99.toFixed(2).padStart(8)} ${String(s.n).padStart(7)}`);
      }
      const m = stats.get("memory");
      const r = stats.get("redis");
      if (m && r) {
        console.log(`  redis/memory: flows/s ${(r.rate / m.rate).toFixed(2)}×, p50 ${(r.p50 / m.p50).toFixed(2)}×, p99 ${(r.p99 / m.p99).toFixed(2)}×`);
      }
    }
  }
  console.log("");
} catch (e) {
  console.log(`bench/flow: FAILED: ${(e as Error).message}`);
  exitCode = 1;
} finally {
  await cleanUp();
}
// HTTP keep-alive and Redis sockets are closed; exit without waiting for idle timers.
process.exit(exitCode);
