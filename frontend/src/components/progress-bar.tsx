import { percent } from "@/lib/format";

export function ProgressBar({ value, max, label, testId }: { value: number; max: number; label: string; testId?: string }) {
  const pct = percent(value, max);
  return (
    <div
      className="progress"
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={max}
      aria-valuenow={value}
      data-testid={testId}
    >
      <div className="progress-fill" style={{ width: `${pct}%` }} />
    </div>
  );
}
