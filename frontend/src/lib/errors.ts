import { ApiError } from "@/lib/api-client";
import { hasMessage, type Translate } from "@/lib/i18n";

// Error codes → text a worker can act on. Unknown codes fall back to the server's message
// (already in the Accept-Language we sent), then to a generic line.

// Codes whose server message carries numbers the worker needs (no_unit_fits names the time
// left and the smallest open unit); the message comes in the Accept-Language we sent.
const SERVER_DETAILED = new Set(["no_unit_fits"]);

export function describeError(error: unknown, t: Translate): string {
  if (error instanceof ApiError) {
    if (SERVER_DETAILED.has(error.code) && error.message) return error.message;
    const key = `error.${error.code}`;
    if (hasMessage(key)) return t(key);
    if (error.message) return error.message;
    if (error.status >= 500) return t("error.server_error");
  }
  return t("error.generic");
}

export function fieldErrorMessage(code: string, t: Translate, maxLength?: number): string {
  if (code === "too_long") {
    return maxLength ? t("fieldError.too_long", { max: maxLength }) : t("fieldError.too_long_nomax");
  }
  const key = `fieldError.${code}`;
  return hasMessage(key) ? t(key) : t("fieldError.unknown", { code });
}

/** Validation messages from a 400's `fields` for one form field (`{title: ["..."]}`). */
export function fieldMessages(error: unknown, name: string): string[] {
  if (!(error instanceof ApiError) || !error.fields) return [];
  const value = error.fields[name];
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === "string");
  if (typeof value === "string") return [value];
  return [];
}

/** A few words for lists ("フリガナ：未入力"); the full guidance is shown on the field itself. */
export function fieldErrorShort(code: string, t: Translate): string {
  const key = `fieldShort.${code}`;
  return hasMessage(key) ? t(key) : code;
}

/** A server's field message for a person: a known code (field or error) in our words, else as sent. */
export function serverFieldText(message: string, t: Translate): string {
  for (const key of [`fieldError.${message}`, `error.${message}`]) if (hasMessage(key)) return t(key);
  return message;
}
