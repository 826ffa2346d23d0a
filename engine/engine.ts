/** Builds the context every engine operation runs with. */
import type { EngineContext } from './context.js';
import type { Store } from './store/contract.js';
import { Validators } from './validation/index.js';

export function createEngine(options: {
  store: Store;
  now?: () => Date;
  deliveriesFor?: EngineContext['deliveriesFor'];
  publishBlockers?: EngineContext['publishBlockers'];
  afterSubmit?: EngineContext['afterSubmit'];
  validators?: Validators;
  /** The server's most bytes per uploaded file (config CASEFORMS_UPLOAD_MAX_MB). */
  uploadMaxBytes?: number;
}): EngineContext {
  const now = options.now ?? (() => new Date());
  return {
    store: options.store,
    validators: options.validators ?? new Validators({ clock: now }),
    now,
    deliveriesFor: options.deliveriesFor ?? (() => []),
    publishBlockers: options.publishBlockers ?? (() => []),
    afterSubmit: options.afterSubmit ?? (() => {}),
    ...(options.uploadMaxBytes !== undefined ? { uploadMaxBytes: options.uploadMaxBytes } : {}),
  };
}
