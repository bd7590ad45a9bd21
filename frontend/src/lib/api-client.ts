import { env } from "@/config/env";
import { getLanguage } from "@/lib/i18n";

// The single fetch wrapper. Session-cookie auth (same origin), Django CSRF, one error shape:
// {code, message, fields?} → ApiError. Nothing here stores credentials.

export type ErrorFields = Record<string, unknown>;

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly fields: ErrorFields | undefined;

  constructor(status: number, code: string, message: string, fields?: ErrorFields) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
    this.fields = fields;
  }
}

export function isApiError(error: unknown, code?: string): error is ApiError {
  return error instanceof ApiError && (code === undefined || error.code === code);
}

const UNSAFE = new Set(["POST", "PUT", "PATCH", "DELETE"]);
const CSRF_COOKIE = "csrftoken";

function readCookie(name: string): string | null {
  if (typeof document === "undefined") return null;
  for (const part of document.cookie.split(";")) {
    const [key, ...rest] = part.trim().split("=");
    if (key === name) return decodeURIComponent(rest.join("="));
  }
  return null;
}

// Django rotates the CSRF token on login, so the cookie (when readable) wins over the token
// the csrf endpoint returned earlier; the endpoint is asked only when we have neither.
let csrfFromBody: string | null = null;
let csrfRequest: Promise<string> | null = null;

async function csrfToken(): Promise<string> {
  const cookie = readCookie(CSRF_COOKIE);
  if (cookie) return cookie;
  if (csrfFromBody) return csrfFromBody;
  csrfRequest ??= fetchCsrf().finally(() => {
    csrfRequest = null;
  });
  return csrfRequest;
}

async function fetchCsrf(): Promise<string> {
  const response = await rawFetch("GET", "/auth/csrf");
  if (!response.ok) throw await toApiError(response);
  const body = (await response.json()) as { csrfToken?: string };
  csrfFromBody = body.csrfToken ?? null;
  return readCookie(CSRF_COOKIE) ?? csrfFromBody ?? "";
}

/** Forget the cached token (after login/logout the server issues a new one). */
export function resetCsrf(): void {
  csrfFromBody = null;
}

export type RequestOptions = {
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** Let the request outlive the page (a save on pagehide). */
  keepalive?: boolean;
};

function rawFetch(method: string, path: string, options: RequestOptions = {}, csrf?: string) {
  const headers: Record<string, string> = {
    Accept: "application/json",
    "Accept-Language": getLanguage(),
    ...options.headers,
  };
  let body: BodyInit | undefined;
  if (options.body instanceof FormData) {
    body = options.body; // the browser sets the multipart boundary
  } else if (options.body !== undefined) {
    headers["Content-Type"] = "application/json";
    body = JSON.stringify(options.body);
  }
  if (csrf) headers["X-CSRFToken"] = csrf;
  return fetch(apiUrl(path), {
    method,
    headers,
    body,
    credentials: "same-origin",
    signal: options.signal,
    keepalive: options.keepalive,
  });
}

export function apiUrl(path: string): string {
  return `${env.apiBase}${path.startsWith("/") ? path : `/${path}`}`;
}

const FALLBACK_CODES: Record<number, string> = {
  401: "not_authenticated",
  403: "forbidden",
  404: "not_found",
  413: "file_too_large",
  415: "unsupported_file",
  429: "rate_limited",
};

export async function toApiError(response: Response): Promise<ApiError> {
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    // not JSON: a proxy page, an HTML 500, an empty body
  }
  return errorFromBody(response.status, body);
}

export function errorFromBody(status: number, body: unknown): ApiError {
  if (body && typeof body === "object") {
    const b = body as { code?: unknown; message?: unknown; fields?: unknown; detail?: unknown };
    const code =
      typeof b.code === "string" ? b.code : (FALLBACK_CODES[status] ?? (status >= 500 ? "server_error" : "error"));
    const message = typeof b.message === "string" ? b.message : typeof b.detail === "string" ? b.detail : "";
    const fields = b.fields && typeof b.fields === "object" ? (b.fields as ErrorFields) : undefined;
    return new ApiError(status, code, message, fields);
  }
  return new ApiError(status, FALLBACK_CODES[status] ?? (status >= 500 ? "server_error" : "error"), "");
}

function looksLikeCsrfFailure(error: ApiError): boolean {
  return error.status === 403 && /csrf/i.test(`${error.code} ${error.message}`);
}

export async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const unsafe = UNSAFE.has(method);
  let response: Response;
  try {
    response = await rawFetch(method, path, options, unsafe ? await csrfToken() : undefined);
    if (unsafe && response.status === 403) {
      const error = await toApiError(response.clone());
      if (looksLikeCsrfFailure(error)) {
        // Stale token (e.g. rotated by a login in another tab): fetch a fresh one, retry once.
        resetCsrf();
        response = await rawFetch(method, path, options, await fetchCsrf());
      }
    }
  } catch (cause) {
    if (cause instanceof ApiError) throw cause;
    if (cause instanceof DOMException && cause.name === "AbortError") throw cause;
    throw new ApiError(0, "network_error", cause instanceof Error ? cause.message : String(cause));
  }
  if (!response.ok) {
    const error = await toApiError(response);
    if (looksLikeCsrfFailure(error)) throw new ApiError(403, "csrf_failed", error.message);
    throw error;
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

export const api = {
  get: <T>(path: string, options?: RequestOptions) => request<T>("GET", path, options),
  post: <T>(path: string, body?: unknown, options?: RequestOptions) => request<T>("POST", path, { ...options, body }),
  put: <T>(path: string, body?: unknown, options?: RequestOptions) => request<T>("PUT", path, { ...options, body }),
  patch: <T>(path: string, body?: unknown, options?: RequestOptions) => request<T>("PATCH", path, { ...options, body }),
  delete: <T>(path: string, options?: RequestOptions) => request<T>("DELETE", path, options),
};
