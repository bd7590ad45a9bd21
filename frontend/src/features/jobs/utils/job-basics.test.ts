import { describe, expect, it } from "vitest";
import { createJobInputSchema } from "../api/create-job";
import { basicsErrors, type Basics } from "./job-basics";

const base: Basics = {
  title: "住民票",
  deadline: "",
  client_rate_yen: "60",
  worker_rate_yen: "40",
  unit_target_minutes: "100",
  instructions: "",
};

describe("basicsErrors", () => {
  it("accepts Japanese-style deadlines and leaves their reading to the server", () => {
    for (const deadline of ["2024年4月1日", "R6.4.1", "令和6年4月1日", "2024-04-01"]) {
      expect(basicsErrors({ ...base, deadline })).toEqual({});
      expect(
        createJobInputSchema.safeParse({
          title: "x",
          deadline,
          client_rate_yen: 60,
          worker_rate_yen: 40,
          field_schema: [{ name: "a", label: "A", kind: "text", required: true }],
        }).success,
      ).toBe(true);
    }
  });

  it("still asks for a deadline and a worker rate not above the client rate", () => {
    expect(basicsErrors({ ...base, deadline: " ", worker_rate_yen: "70" })).toEqual({
      deadline: "fieldError.required",
      worker_rate_yen: "fieldError.above_client_rate",
    });
  });

  it("asks for a unit size of 15 to 120 minutes", () => {
    const dated = { ...base, deadline: "2030-04-01" };
    expect(basicsErrors({ ...dated, unit_target_minutes: "30" })).toEqual({});
    expect(basicsErrors({ ...dated, unit_target_minutes: "14" })).toEqual({
      unit_target_minutes: "error.unit_target_out_of_range",
    });
    expect(basicsErrors({ ...base, unit_target_minutes: "121" }).unit_target_minutes).toBe(
      "error.unit_target_out_of_range",
    );
    expect(basicsErrors({ ...base, unit_target_minutes: "" }).unit_target_minutes).toBe("fieldError.not_a_number");
  });
});
