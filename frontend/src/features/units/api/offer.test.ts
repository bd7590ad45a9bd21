import { describe, expect, it } from "vitest";
import { countdown } from "./offer";

describe("offer countdown", () => {
  it("shows minutes and seconds left, rounding up, never below zero", () => {
    const now = Date.parse("2026-01-08T01:00:00Z");
    expect(countdown("2026-01-08T01:02:41Z", now)).toEqual({ seconds: 161, text: "2:41" });
    expect(countdown("2026-01-08T01:00:00.200Z", now)).toEqual({ seconds: 1, text: "0:01" });
    expect(countdown("2026-01-08T00:59:00Z", now)).toEqual({ seconds: 0, text: "0:00" });
  });
});
