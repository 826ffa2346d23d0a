/** What the engine's operations run with. Chosen once at start-up (see store/open.ts). */
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
}
