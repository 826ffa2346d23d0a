/* Generated from schemas/engine/directory-manifest.schema.json by schemas/generate-types.ts. Do not edit. */

/**
 * What the file holds: children, workers or teams.
 */
export type Kind = "children" | "workers" | "teams";
/**
 * full: the file is the whole of that kind (rows it leaves out are removed). delta: its rows are added or replaced, and its delete rows removed.
 */
export type Mode = "full" | "delta";
/**
 * The data file's name, in the same folder (no folder part), e.g. children-20261205.csv.
 */
export type DataFile = string;
/**
 * csv: a header row of field names, then one row per record; jsonl: JSON Lines, one object per line.
 */
export type Format = "csv" | "jsonl";
/**
 * How many data rows the file has (not the header, not blank lines); delete rows count.
 */
export type Rows = number;
/**
 * The SHA-256 of the data file's bytes, in hexadecimal (sha256sum's first word).
 */
export type SHA256 = string;

/**
 * Written LAST by the ICS extract job beside one data file in the directory drop folder (CASEFORMS_DIRECTORY_DROP), as <name>.manifest.json: it says the data file is complete and what it should hold. Caseforms applies the file only when its SHA-256 and row count match.
 */
export interface DirectoryManifest {
  kind: Kind;
  mode: Mode;
  file: DataFile;
  format: Format;
  count: Rows;
  sha256: SHA256;
}
