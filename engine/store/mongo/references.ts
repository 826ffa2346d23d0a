/**
 * Record reference numbers on MongoDB and FerretDB. FerretDB 1.24 has no transactions and its
 * conditional writes (`$inc`, findOneAndUpdate) are read-modify-write, so two processes could be
 * given the same number by them. What is atomic there is an insert against a unique `_id`: each
 * number is claimed by inserting `referenceClaims` `{ _id: "SUP-2026:123" }`, and whoever inserts
 * it owns it for good (claims are never deleted, so a number is never given twice, not even after
 * its draft is deleted). The next number is only guessed: from this process's own count, and from
 * a per-series counter every claimer moves on afterwards (a hint: a stale or lost write of it
 * never gives a duplicate); a guess that collides reads the highest number claimed in the series
 * (indexed) and goes on from there. A number claimed by a create that then failed or crashed
 * is skipped for good, which references allow.
 */
import { formatReference } from '../../submissions/reference.js';
import { isDuplicateKey, type Collections } from './collections.js';
import { MAX_ATTEMPTS } from './commits.js';

export const claimId = (series: string, n: number): string => `${series}:${n}`;

export class ReferenceNumbers {
  /** Per series, the highest number this process has tried or knows is taken. */
  private readonly hints = new Map<string, number>();
  /** One read of a series' counter at a time, shared by every create waiting for it. */
  private readonly reads = new Map<string, Promise<number>>();

  constructor(
    private readonly c: Collections,
    private readonly step: (name: string) => void,
  ) {}

  private counter(series: string): Promise<number> {
    let read = this.reads.get(series);
    if (!read) {
      read = this.c.referenceCounters
        .findOne({ _id: series })
        .then((doc) => doc?.value ?? 0)
        .finally(() => this.reads.delete(series));
      this.reads.set(series, read);
    }
    return read;
  }

  /** Claims the next free number of `series` for record `submissionId`; gives its reference. */
  async claim(series: string, submissionId: string): Promise<string> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      if (!this.hints.has(series)) {
        const top = await this.counter(series);
        // Another create may have moved the hint on while this one waited.
        this.hints.set(series, Math.max(this.hints.get(series) ?? 0, top));
      }
      // Taken synchronously, so creates in this process never try the same number.
      const n = this.hints.get(series)! + 1;
      this.hints.set(series, n);
      try {
        await this.c.referenceClaims.insertOne({ _id: claimId(series, n), series, n, submissionId });
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
        // Another process has it: move past the highest number claimed in the series. The counter is
        // only a hint (its last moves may be lost when a process ends, or undone by FerretDB's
        // read-modify-write), so guessing up from it one number at a time could take hundreds of tries.
        this.hints.set(series, Math.max(this.hints.get(series)!, await this.topClaimed(series)));
        continue;
      }
      this.step('reference.claimed');
      // Not waited for: it is only a hint, and on FerretDB an update costs a read and a write.
      this.advance(series, n).catch(() => {});
      return formatReference(series, n);
    }
    throw new Error(`MongoDB store: could not claim a reference number in ${series} after ${MAX_ATTEMPTS} attempts.`);
  }

  /** The highest number claimed in the series so far (one read, served by reference_claims_top). */
  private async topClaimed(series: string): Promise<number> {
    const top = await this.c.referenceClaims.findOne({ series }, { sort: { n: -1 }, projection: { n: 1 } });
    return top?.n ?? 0;
  }

  /** Moves the series' counter on to `n` (never back), for other processes' guesses. */
  private async advance(series: string, n: number): Promise<void> {
    try {
      await this.c.referenceCounters.updateOne({ _id: series }, { $max: { value: n } }, { upsert: true });
    } catch (err) {
      // Two first claims of a series upserting at once: the other one made the counter.
      if (!isDuplicateKey(err)) throw err;
    }
  }
}
