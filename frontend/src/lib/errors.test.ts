import { describe, expect, it } from "vitest";
import { ApiError } from "./api-client";
import { describeError, fieldErrorMessage, fieldMessages, serverFieldText } from "./errors";
import { translate, type Translate } from "./i18n";

const ja: Translate = (key, params) => translate("ja", key, params);

describe("field error codes → Japanese guidance", () => {
  const documented = ["required", "too_long", "not_a_number", "not_a_date", "not_kana", "invalid_postal_code", "not_a_choice"];

  it.each(documented)("%s has its own message", (code) => {
    const message = fieldErrorMessage(code, ja, 20);
    expect(message).not.toContain(code);
    expect(message).toMatch(/[ぁ-んァ-ン一-龥]/);
  });

  it("tells the expected formats", () => {
    expect(fieldErrorMessage("not_a_date", ja)).toContain("R6.4.1");
    expect(fieldErrorMessage("invalid_postal_code", ja)).toContain("123-4567");
    expect(fieldErrorMessage("not_kana", ja)).toContain("カタカナ");
    expect(fieldErrorMessage("too_long", ja, 40)).toContain("40文字");
    expect(fieldErrorMessage("too_long", ja)).not.toContain("{max}");
  });

  it("falls back for codes it does not know", () => {
    expect(fieldErrorMessage("brand_new_code", ja)).toContain("brand_new_code");
  });
});

describe("API errors → messages", () => {
  it("translates known codes", () => {
    expect(describeError(new ApiError(409, "no_unit_available", "x"), ja)).toContain("受け取れるコマはありません");
    expect(describeError(new ApiError(400, "MYNUMBER_DETECTED", "x"), ja)).toContain("マイナンバー");
  });

  it("shows the server's detailed message when no unit fits (it names the minutes)", () => {
    const detailed = "いまの残り時間（20分）に収まるコマがありません。いちばん短いコマは35分です。";
    expect(describeError(new ApiError(409, "no_unit_fits", detailed), ja)).toBe(detailed);
    expect(describeError(new ApiError(409, "no_unit_fits", ""), ja)).toContain("収まるコマがありません");
  });

  it("uses the server's message for unknown codes, then a generic line", () => {
    expect(describeError(new ApiError(409, "something_new", "サーバーの説明"), ja)).toBe("サーバーの説明");
    expect(describeError(new ApiError(502, "whatever", ""), ja)).toContain("サーバー");
    expect(describeError(new Error("boom"), ja)).toContain("もう一度");
  });

  it("reads validation messages for one field", () => {
    const error = new ApiError(400, "invalid", "", { title: ["この項目は必須です。"] });
    expect(fieldMessages(error, "title")).toEqual(["この項目は必須です。"]);
    expect(fieldMessages(error, "deadline")).toEqual([]);
  });
});

describe("serverFieldText", () => {
  it("puts known codes in words and leaves sentences alone", () => {
    const tr: Translate = (key, params) => translate("ja", key, params);
    expect(serverFieldText("above_client_rate", tr)).toBe(translate("ja", "fieldError.above_client_rate"));
    expect(serverFieldText("DEADLINE_IN_PAST", tr)).toBe(translate("ja", "error.DEADLINE_IN_PAST"));
    expect(serverFieldText("日付の形式が違います。", tr)).toBe("日付の形式が違います。");
  });
});
