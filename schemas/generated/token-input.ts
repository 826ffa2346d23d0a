/* Generated from schemas/engine/token-input.schema.json by schemas/generate-types.ts. Do not edit. */

/**
 * What the token is for, e.g. 'nightly export'.
 */
export type TokenName = string;
/**
 * Days the token lasts; the service's default (90 unless configured) when left out. More than the configured most (366 unless configured) is refused.
 */
export type ExpiresInDays = number;

/**
 * A new personal API token for the signed-in account.
 */
export interface TokenInput {
  name: TokenName;
  expiresInDays?: ExpiresInDays;
}
