import { afterEach, describe, expect, it } from "vitest";
import { AuthorizationServer } from "../../gen/medmij/authorization/v1/authorization_server_pb.js";
import { expectSecurityHeaders, serveGateway, type Served } from "./support/serve-gateway.js";

let served: Served | undefined;
afterEach(async () => {
  await served?.close();
  served = undefined;
});

const TOKENS: Record<string, { subject: string; dataServiceIds: string[] }> = {
  "lab-only": { subject: "999900006", dataServiceIds: ["4"] },
  both: { subject: "999900006", dataServiceIds: ["1", "4"] },
  nodata: { subject: "999900043", dataServiceIds: ["1"] },
};

async function fhirServer(seen: string[] = []) {
  return serveGateway((r) =>
    r.service(AuthorizationServer, {
      introspectToken: (req) => {
        seen.push(req.token);
        const t = TOKENS[req.token];
        return t ? { active: true, tokenType: "Bearer", clientId: "pgo.localhost", ...t } : { active: false };
      },
    }),
  );
}

type Bundle = { resourceType: string; type: string; total: number; entry: { resource: { resourceType: string; id: string } }[] };

describe("demo resource server", () => {
  it("answers a missing token with 401 and a Bearer challenge without an error code (RFC 6750 §3.1)", async () => {
    served = await fhirServer();
    const res = await served.request("/fhir");
    expect(res.status).toBe(401);
    expect(res.headers.get("www-authenticate")).toBe('Bearer realm="medmij-oauth"');
    expectSecurityHeaders(res);
  });

  it("answers an inactive (unknown, expired or revoked) token with 401 invalid_token", async () => {
    served = await fhirServer();
    const res = await served.request("/fhir", { headers: { authorization: "Bearer revoked" } });
    expect(res.status).toBe(401);
    expect(res.headers.get("www-authenticate")).toContain('error="invalid_token"');
    expect(((await res.json()) as { resourceType: string }).resourceType).toBe("OperationOutcome");
    const malformed = await served.request("/fhir", { headers: { authorization: "Basic abc" } });
    expect(malformed.status).toBe(401);
    expect(malformed.headers.get("www-authenticate")).toContain('error="invalid_request"');
  });

  it("returns the person's FHIR R4 Bundle limited to the granted gegevensdiensten", async () => {
    const seen: string[] = [];
    served = await fhirServer(seen);
    const lab = await served.request("/fhir", { headers: { authorization: "Bearer lab-only", "MedMij-Request-ID": "r1", "X-Correlation-ID": "c1" } });
    expect(lab.status).toBe(200);
    expect(lab.headers.get("content-type")).toMatch(/^application\/fhir\+json/);
    const labBundle = (await lab.json()) as Bundle;
    expect(labBundle).toMatchObject({ resourceType: "Bundle", type: "searchset", total: 4 });
    expect(labBundle.entry.map((e) => e.resource.resourceType).sort()).toEqual(["Observation", "Observation", "Observation", "Patient"]);
    expect(seen).toEqual(["lab-only"]);

    const all = (await (await served.request("/fhir/", { headers: { authorization: "Bearer both" } })).json()) as Bundle;
    expect(all.total).toBe(7);
    const obs = (await (await served.request("/fhir/Observation", { headers: { authorization: "Bearer both" } })).json()) as Bundle;
    expect(obs.entry.every((e) => e.resource.resourceType === "Observation")).toBe(true);
    expect(obs.total).toBe(3);
    expect(served.logLines.join("\n")).not.toContain("999900006");
  });

  it("returns an empty Bundle for a person without demo data, 404 for a bad path and 405 for POST", async () => {
    served = await fhirServer();
    const empty = (await (await served.request("/fhir", { headers: { authorization: "Bearer nodata" } })).json()) as Bundle;
    expect(empty.total).toBe(0);
    expect((await served.request("/fhir/..%2Fetc", { headers: { authorization: "Bearer both" } })).status).toBe(404);
    expect((await served.request("/fhir", { method: "POST", headers: { authorization: "Bearer both" } })).status).toBe(405);
  });
});
