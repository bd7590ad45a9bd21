import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { api, ApiError, errorFromBody, resetCsrf } from "./api-client";
import { setLanguage } from "./i18n";

type Call = { url: string; init: RequestInit };

function json(status: number, body: unknown, headers: Record<string, string> = {}) {
  return new Response(body === undefined ? null : JSON.stringify(body), {
    status,
    headers: { "Content-Type": "application/json", ...headers },
  });
}

describe("api-client", () => {
  let calls: Call[];
  let responder: (url: string, init: RequestInit) => Response;

  beforeEach(() => {
    calls = [];
    resetCsrf();
    vi.stubGlobal("fetch", async (url: string, init: RequestInit) => {
      calls.push({ url, init });
      return responder(url, init);
    });
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    setLanguage("ja", { remember: false });
  });

  const header = (call: Call, name: string) => (call.init.headers as Record<string, string>)[name];

  it("sends GETs with the session cookie and the language, without a CSRF header", async () => {
    responder = () => json(200, { ok: true });
    setLanguage("en", { remember: false });
    await expect(api.get("/me")).resolves.toEqual({ ok: true });
    expect(calls).toHaveLength(1);
    expect(calls[0].url).toBe("/api/v1/me");
    expect(calls[0].init.credentials).toBe("same-origin");
    expect(header(calls[0], "Accept-Language")).toBe("en");
    expect(header(calls[0], "X-CSRFToken")).toBeUndefined();
  });

  it("fetches the CSRF token once and sends it on unsafe requests", async () => {
    responder = (url) => (url.endsWith("/auth/csrf") ? json(200, { csrfToken: "tok123" }) : json(200, {}));
    await api.post("/units/claim", undefined, { headers: { "Idempotency-Key": "k1" } });
    await api.put("/units/1/items/2/entry", { values: { a: "1" } });
    const csrfCalls = calls.filter((c) => c.url.endsWith("/auth/csrf"));
    expect(csrfCalls).toHaveLength(1);
    const [claim, put] = calls.filter((c) => !c.url.endsWith("/auth/csrf"));
    expect(header(claim, "X-CSRFToken")).toBe("tok123");
    expect(header(claim, "Idempotency-Key")).toBe("k1");
    expect(header(put, "X-CSRFToken")).toBe("tok123");
    expect(header(put, "Content-Type")).toBe("application/json");
    expect(put.init.body).toBe('{"values":{"a":"1"}}');
  });

  it("parses the error shape into ApiError", async () => {
    responder = () =>
      json(409, { code: "unit_entries_invalid", message: "直してください", fields: { items: { "5": { name: "required" } } } });
    const error = await api.get("/x").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 409, code: "unit_entries_invalid", message: "直してください" });
    expect((error as ApiError).fields).toEqual({ items: { "5": { name: "required" } } });
  });

  it("turns a failed fetch into network_error and a non-JSON 502 into server_error", async () => {
    responder = () => {
      throw new TypeError("Failed to fetch");
    };
    await expect(api.get("/x")).rejects.toMatchObject({ code: "network_error", status: 0 });
    responder = () => new Response("<html>Bad gateway</html>", { status: 502 });
    await expect(api.get("/x")).rejects.toMatchObject({ code: "server_error", status: 502 });
  });

  it("returns undefined for 204", async () => {
    responder = (url) => (url.endsWith("/auth/csrf") ? json(200, { csrfToken: "t" }) : new Response(null, { status: 204 }));
    await expect(api.post("/auth/logout")).resolves.toBeUndefined();
  });

  it("retries once with a fresh token when the server reports a CSRF failure", async () => {
    let tokens = 0;
    let posts = 0;
    responder = (url) => {
      if (url.endsWith("/auth/csrf")) return json(200, { csrfToken: `t${++tokens}` });
      posts += 1;
      return posts === 1 ? json(403, { code: "forbidden", message: "CSRF Failed: CSRF token missing." }) : json(200, { ok: 1 });
    };
    await expect(api.post("/jobs/1/publish")).resolves.toEqual({ ok: 1 });
    const sent = calls.filter((c) => !c.url.endsWith("/auth/csrf")).map((c) => header(c, "X-CSRFToken"));
    expect(sent).toEqual(["t1", "t2"]);
  });

  it("maps DRF-style bodies without a code by status", () => {
    expect(errorFromBody(401, { detail: "Authentication credentials were not provided." })).toMatchObject({
      code: "not_authenticated",
    });
    expect(errorFromBody(413, null)).toMatchObject({ code: "file_too_large" });
  });
});
