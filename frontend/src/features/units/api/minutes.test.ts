import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { resetCsrf } from "@/lib/api-client";
import { claimNextUnit } from "./claim-next-unit";
import { getAvailableUnits } from "./get-available-units";
import { getOffer } from "./offer";

type Call = { url: string; init: RequestInit };

describe("「今あと◯分」 on the wire, and the offer", () => {
  let calls: Call[];
  let status = 200;
  let body: unknown = {};

  beforeEach(() => {
    calls = [];
    status = 200;
    body = {};
    resetCsrf();
    vi.stubGlobal("fetch", async (url: string, init: RequestInit) => {
      const answer = url.endsWith("/auth/csrf") ? { csrfToken: "t" } : body;
      if (!url.endsWith("/auth/csrf")) calls.push({ url, init });
      return new Response(JSON.stringify(answer), { status, headers: { "Content-Type": "application/json" } });
    });
  });
  afterEach(() => vi.unstubAllGlobals());

  it("sends minutes with the claim, and nothing when not stated", async () => {
    await claimNextUnit({ idempotencyKey: "k1", minutes: 45 });
    await claimNextUnit({ idempotencyKey: "k2", minutes: null });
    expect(calls[0]?.init.body).toBe(JSON.stringify({ minutes: 45 }));
    expect(calls[1]?.init.body).toBeUndefined();
  });

  it("asks the available list for what fits", async () => {
    await getAvailableUnits(60);
    await getAvailableUnits(null);
    expect(calls.map((c) => c.url)).toEqual(["/api/v1/units/available?minutes=60", "/api/v1/units/available"]);
  });

  it("reads the pending offer; none (null or 404) is null", async () => {
    body = {
      offer_id: 3,
      unit_id: 7,
      job_id: 1,
      job_title: "入力",
      estimated_minutes: 45,
      expires_at: "2026-01-08T01:03:00Z",
    };
    await expect(getOffer()).resolves.toMatchObject({ unit_id: 7, estimated_minutes: 45 });
    body = null;
    await expect(getOffer()).resolves.toBeNull();
    status = 404;
    body = { code: "not_found", message: "" };
    await expect(getOffer()).resolves.toBeNull();
  });
});
