import { describe, expect, it } from "vitest";
import { backoffDelay, parseEvent, wsUrl } from "./realtime";

describe("realtime helpers", () => {
  it("builds ws/wss URLs on the page's host", () => {
    expect(wsUrl("/ws/me/", { protocol: "http:", host: "localhost:5173" })).toBe("ws://localhost:5173/ws/me/");
    expect(wsUrl("/ws/jobs/4/", { protocol: "https:", host: "koma.example.jp" })).toBe("wss://koma.example.jp/ws/jobs/4/");
  });

  it("backs off exponentially up to 30 s", () => {
    const noJitter = () => 0;
    expect([0, 1, 2, 3, 10].map((a) => backoffDelay(a, noJitter))).toEqual([1000, 2000, 4000, 8000, 30000]);
    expect(backoffDelay(0, () => 1)).toBe(1300);
  });

  it("accepts events with a name and ignores anything else", () => {
    expect(parseEvent('{"event":"job.split_progress","job_id":1,"done":3,"total":9}')).toMatchObject({
      event: "job.split_progress",
      done: 3,
    });
    expect(parseEvent("not json")).toBeNull();
    expect(parseEvent('{"type":"x"}')).toBeNull();
    expect(parseEvent(new ArrayBuffer(2))).toBeNull();
  });
});
