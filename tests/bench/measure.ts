/**
 * Timing helpers. The machine is shared and its speed drifts by up to 2× over tens of seconds,
 * so a subject is always measured in alternation with its baseline, round by round, and the
 * figure reported is the median of the per-round ratios.
 */

export interface Pair {
  baselineOpsPerSec: number;
  subjectOpsPerSec: number;
  /** subject ÷ baseline throughput (1.0 = as fast). */
  ratio: number;
}

function opsPerSec(fn: () => unknown, ms: number): number {
  let n = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < ms) {
    for (let i = 0; i < 50; i++) fn();
    n += 50;
    elapsed = performance.now() - start;
  }
  return (n * 1000) / elapsed;
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

export function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
}

/** Alternates baseline and subject for `rounds` rounds of `ms` each (after a warm-up). */
export function comparePair(baseline: () => unknown, subject: () => unknown, rounds = 7, ms = 300): Pair {
  opsPerSec(baseline, 200);
  opsPerSec(subject, 200);
  const base: number[] = [];
  const subj: number[] = [];
  const ratios: number[] = [];
  for (let r = 0; r < rounds; r++) {
    // Alternate which goes first, so a drift inside a round does not favour either.
    let b: number, s: number;
    if (r % 2 === 0) {
      b = opsPerSec(baseline, ms);
      s = opsPerSec(subject, ms);
    } else {
      s = opsPerSec(subject, ms);
      b = opsPerSec(baseline, ms);
    }
    base.push(b);
    subj.push(s);
    ratios.push(s / b);
  }
  return { baselineOpsPerSec: median(base), subjectOpsPerSec: median(subj), ratio: median(ratios) };
}

export function fmt(n: number, digits = 0): string {
  return n.toLocaleString('en-GB', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}
