/**
 * Time the worker's form was focused and in use (Entry.active_seconds on the server, which
 * calibrates estimates). Counted as the gaps between consecutive inputs (keys, pointer, input
 * events) while the page is visible, when a gap is shorter than IDLE_MS: reading a form image
 * between keystrokes counts, a coffee break does not. Each autosave takes what was counted
 * since the previous one (whole seconds, at most MAX_DELTA_SECONDS: the server's limit).
 */
export const IDLE_MS = 60_000;
export const MAX_DELTA_SECONDS = 300;

export class ActiveTimeMeter {
  private ms = 0;
  private last: number | null = null;

  /** An input at `now` (ms). */
  activity(now: number): void {
    if (this.last !== null && now > this.last && now - this.last < IDLE_MS) this.ms += now - this.last;
    this.last = now;
  }

  /** The page was hidden or lost focus: the gap until the next input is not work. */
  pause(): void {
    this.last = null;
  }

  /** Whole seconds counted since the last take (at most MAX_DELTA_SECONDS); the rest stays. */
  take(): number {
    const seconds = Math.min(Math.floor(this.ms / 1000), MAX_DELTA_SECONDS);
    this.ms -= seconds * 1000;
    return seconds;
  }

  /** A save that carried `seconds` failed: count them again for the next one. */
  giveBack(seconds: number): void {
    this.ms += seconds * 1000;
  }
}

export const activeTime = new ActiveTimeMeter();

const INPUT_EVENTS = ["keydown", "pointerdown", "input", "wheel", "touchstart"] as const;

/** Listen while a unit form is open; returns the function that stops listening. */
export function watchActiveTime(meter: ActiveTimeMeter = activeTime): () => void {
  const onInput = () => meter.activity(performance.now());
  const onHidden = () => {
    if (document.visibilityState === "hidden") meter.pause();
  };
  const onBlur = () => meter.pause();
  for (const name of INPUT_EVENTS) document.addEventListener(name, onInput, { capture: true, passive: true });
  document.addEventListener("visibilitychange", onHidden);
  window.addEventListener("blur", onBlur);
  return () => {
    for (const name of INPUT_EVENTS) document.removeEventListener(name, onInput, { capture: true });
    document.removeEventListener("visibilitychange", onHidden);
    window.removeEventListener("blur", onBlur);
    meter.pause();
  };
}
