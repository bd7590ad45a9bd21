import { describe, expect, it } from "vitest";
import { visibleErrors } from "./use-item-drafts";

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
