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
   * Records of forms with review stages: the how-many-th time this record is sent (1 when absent). A record sent at submit is sent again, with the same submissionId and a higher deliveryRevision, when it is resubmitted after being returned for changes and when it is finally signed off: update the record you made for this submissionId rather than making another.
   */
  deliveryRevision?: number;
  /**
   * Records of forms with review stages: where the record is in them, and the electronic signatures given so far (who, in which role and stage, when, over which SHA-256 of the content).
   */
  review?: {
    state: "waiting" | "returned" | "complete";
    signatures: {
      stage: string;
      /**
       * The signer's name as Caseforms knows it.
       */
      name: string;
      role: string;
      /**
       * The signer's ICS worker id, when their account is linked to one.
       */
      workerId?: string;
      at: string;
      contentHash: string;
    }[];
  };
  /**
   * HTTP connectors set to send documents (settings.documents = "links"): the record's PDF for the child's file, and any uploaded files the mapping sends (as: files), each as a signed download link. GET the url (no sign-in; the token in it is the permission) before expiresAt: 200 with the PDF as an attachment; 404 for a link this server did not sign; 410 once it has expired. The same delivery always carries the same link.
   */
  documents?: {
    /**
     * record-pdf: the record as a PDF; file: an uploaded file the mapping sends (as: files).
     */
    kind: "record-pdf" | "file";
    /**
     * The file name to keep it under: <reference>.pdf, or the uploaded file's name.
     */
    name: string;
    mediaType: string;
    url: string;
    /**
     * When the link stops working (ISO 8601, UTC).
     */
    expiresAt: string;
    /**
     * An uploaded file: the ICS field whose list of names includes it.
     */
    field?: string;
    /**
     * An uploaded file: its size.
     */
    bytes?: number;
    /**
     * An uploaded file: the SHA-256 of its bytes (lowercase hex).
     */
    sha256?: string;
  }[];
  /**
   * The mapped ICS fields (see the connector's mapping for the form version). An unanswered question is null.
   */
  fields: {
    [k: string]: unknown;
  };
}
