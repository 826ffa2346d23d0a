/* Generated from schemas/engine/ics-envelope.schema.json by schemas/generate-types.ts. Do not edit. */

/**
 * What every connector sends for one submitted record: the HTTP connector as the request body, the file drop as one JSON line (and one CSV row). The same submission always comes with the same submissionId, so a receiver that keys on it never creates a second record.
 */
export interface IcsEnvelope {
  /**
   * This format's name and major version.
   */
  envelope: "caseforms.ics/1";
  /**
   * The record's id: stable, the idempotency key.
   */
  submissionId: string;
  /**
   * The record's reference for people, as the social worker saw it on the confirmation (e.g. SUP-2026-000123): unique, never reused. Absent only for records created before references existed.
   */
  reference?: string;
  formId: string;
  formVersion: number;
  /**
   * Whom the record is about, as ICS ids.
   */
  subject: {
    /**
     * The child's ICS person id.
     */
    childId?: string;
    /**
     * The episode (case) id.
     */
    episodeId?: string;
    /**
     * The worker's ICS id.
     */
    workerId?: string;
  };
  /**
   * The submitter's username.
   */
  submittedBy: string;
  /**
   * When it was submitted (ISO 8601, UTC).
   */
  submittedAt: string;
  /**
   * The mapped ICS fields (see the connector's mapping for the form version). An unanswered question is null.
   */
  fields: {
    [k: string]: unknown;
  };
}
