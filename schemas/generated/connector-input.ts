/* Generated from schemas/engine/connector-input.schema.json by schemas/generate-types.ts. Do not edit. */

/**
 * Lower-case letters, digits and hyphens; starts with a letter; 3 to 64 characters. Never changes.
 */
export type ConnectorId = string;
/**
 * How records are delivered: "http" (POST to the ICS or integration middleware) or "file-drop" (batch files in a folder).
 */
export type Kind = string;
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
 * What an integrator gives to set up a connector: where records go. Secrets are never given here, only the names of the environment variables that hold them.
 */
export interface ConnectorInput {
  id: ConnectorId;
  kind: Kind;
  title: Title;
  paused?: Paused;
  retry?: Retries;
  dateFormat?: DateFormat;
  settings: Settings;
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
 * The kind's own settings (see GET /api/sync/kinds).
 */
export interface Settings {
  [k: string]: unknown;
}
