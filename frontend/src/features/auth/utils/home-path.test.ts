import { describe, expect, it } from "vitest";
import { canUse, homePathFor } from "./home-path";

describe("routing by role", () => {
  it.each([
    [["staff"], "/municipality"],
    [["worker"], "/work"],
    [["leader"], "/work"],
    [["coordinator"], "/review"],
    [["admin"], "/review"],
    [["worker", "coordinator"], "/review"],
    [[], null],
  ])("%j → %s", (roles, path) => {
    expect(homePathFor(roles)).toBe(path);
  });

  it("only offers sections the roles allow", () => {
    expect(canUse("/work", ["staff"])).toBe(false);
    expect(canUse("/municipality", ["staff"])).toBe(true);
  });
});
