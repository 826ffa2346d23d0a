/**
 * Test seams for crash simulation. A multi-step write calls `between(step)` after each durable
 * step; a test makes it throw to stop the write right there, as a process death would.
 * Production code passes no hooks.
 */
export interface StoreHooks {
  between?(step: string): void;
  /**
   * Awaited where a change has read what it will write over and not yet written: a test holds one
   * node's change there while another node's change to the same thing runs (a race, made certain).
   */
  paused?(step: string): Promise<void>;
  /** Rows per insert when the MongoDB store stages a directory batch (1,000 when left out): fewer lets a small batch reach the step mid-staging. */
  directoryChunk?: number;
}
