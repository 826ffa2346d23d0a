/** What the engine's operations run with. Chosen once at start-up (see store/open.ts). */
import type { FieldError } from './errors.js';
import type { FormDefinition } from './forms/model.js';
import type { Store } from './store/contract.js';
import type { OutboxSeed } from './store/outbox.js';
import type { Submission } from './submissions/model.js';
import type { Validators } from './validation/index.js';

export interface EngineContext {
  store: Store;
  validators: Validators;
  now(): Date;
  /** Which connectors a submitted record goes to (the ICS sync configures this). */
  deliveriesFor(submission: Submission): OutboxSeed[] | Promise<OutboxSeed[]>;
  /** What publishing this definition as version `n` would break elsewhere (the ICS mappings); empty when nothing. */
  /** Told after a record is submitted and stored (the sync worker in this process looks for work at once). */
  afterSubmit(submission: Submission): void;
  publishBlockers(formId: string, n: number, definition: FormDefinition): FieldError[] | Promise<FieldError[]>;
  /** The most bytes per uploaded file (CASEFORMS_UPLOAD_MAX_MB): the policy refuses a files question allowing more. DEFAULT_UPLOAD_MAX_BYTES when left out. */
  uploadMaxBytes?: number;
}
