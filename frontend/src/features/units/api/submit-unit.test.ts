import { describe, expect, it } from "vitest";
import { ApiError } from "@/lib/api-client";
import { invalidItemsFrom } from "./submit-unit";

describe("invalidItemsFrom", () => {
  it("reads fields.items of unit_entries_invalid keyed by item id", () => {
    const error = new ApiError(409, "unit_entries_invalid", "", { items: { "12": { postal_code: "invalid_postal_code" } } });
    expect(invalidItemsFrom(error)).toEqual({ 12: { postal_code: "invalid_postal_code" } });
  });

  it("ignores other errors", () => {
    expect(invalidItemsFrom(new ApiError(409, "unit_not_reserved_by_you", ""))).toBeNull();
    expect(invalidItemsFrom(new Error("x"))).toBeNull();
  });
});
