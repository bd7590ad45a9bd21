import { describe, expect, it } from "vitest";
import { ActiveTimeMeter, IDLE_MS, MAX_DELTA_SECONDS } from "./active-time";

describe("ActiveTimeMeter", () => {
  it("counts the gaps between inputs and hands out whole seconds", () => {
    const m = new ActiveTimeMeter();
    m.activity(0);
    m.activity(1500);
    m.activity(4500);
    expect(m.take()).toBe(4);
    expect(m.take()).toBe(0);
    m.activity(5100);
    expect(m.take()).toBe(1); // 0.5 s left over + 0.6 s now
  });

  it("does not count an idle gap or a hidden page", () => {
    const m = new ActiveTimeMeter();
    m.activity(0);
    m.activity(IDLE_MS + 1);
    expect(m.take()).toBe(0);
    m.activity(IDLE_MS + 2001);
    expect(m.take()).toBe(2);
    m.pause();
    m.activity(IDLE_MS + 10_000);
    expect(m.take()).toBe(0);
  });

  it("caps one save at the server's limit and keeps the rest, and takes back a failed save", () => {
    const m = new ActiveTimeMeter();
    let t = 0;
    m.activity(t);
    for (let i = 0; i < 20; i++) m.activity((t += 30_000)); // 600 s of steady work
    expect(m.take()).toBe(MAX_DELTA_SECONDS);
    const second = m.take();
    expect(second).toBe(300);
    m.giveBack(second);
    expect(m.take()).toBe(300);
  });
});
