import { describe, expect, it } from "vitest";
import { ApiError } from "@/lib/api-client";
import { conflictEntry, visibleErrors } from "./use-item-drafts";

describe("visibleErrors", () => {
  const errors = { name: "required", kana: "required", postal: "invalid_postal_code" };

  it("hides 'required' on fields the worker has not left yet, keeps format errors", () => {
    expect(visibleErrors(errors, new Set(["name"]), false)).toEqual({
      name: "required",
      postal: "invalid_postal_code",
    });
    expect(visibleErrors(errors, undefined, false)).toEqual({ postal: "invalid_postal_code" });
  });

  it("shows every error once the item was confirmed (next / submit)", () => {
    expect(visibleErrors(errors, undefined, true)).toEqual(errors);
  });
});

describe("conflictEntry", () => {
  it("reads the server's entry from a 409 entry_version_conflict", () => {
    const error = new ApiError(409, "entry_version_conflict", "", {
      conflicts: ["name"],
      entry: { values: { name: "山田太郎" }, errors: {}, version: 2 },
    });
    expect(conflictEntry(error)).toEqual({ values: { name: "山田太郎" }, errors: {}, version: 2, fields: ["name"] });
  });

  it("is null for any other error", () => {
    expect(conflictEntry(new ApiError(409, "unit_not_reserved_by_you", ""))).toBeNull();
    expect(conflictEntry(new Error("x"))).toBeNull();
  });
});
