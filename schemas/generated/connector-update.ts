/* Generated from schemas/engine/connector-update.schema.json by schemas/generate-types.ts. Do not edit. */

export type Title = string;
/**
 * A paused connector keeps its queue but delivers nothing.
 */
export type Paused = boolean;
export type MostAttempts = number;
export type FirstBackoffMs = number;
export type LongestBackoffMs = number;
/**
 * How dates are written for this receiver.
 */
export type DateFormat = "YYYY-MM-DD" | "DD/MM/YYYY";

/**
 * Changes to a connector. Its id and kind never change.
 */
export interface ConnectorUpdate {
  title?: Title;
  paused?: Paused;
  retry?: Retries;
  dateFormat?: DateFormat;
  settings?: Settings;
}
/**
 * Attempts before a record is dead-lettered, and the backoff between attempts: a random wait up to baseMs × 2^(attempt − 1), at most maxMs, or longer when the receiver says so (Retry-After).
 */
export interface Retries {
  maxAttempts: MostAttempts;
  baseMs: FirstBackoffMs;
  maxMs: LongestBackoffMs;
}
/**
 * The kind's own settings, replaced as a whole.
 */
export interface Settings {
  [k: string]: unknown;
}
