/** What every renderer can reach: the answers store and whether the form is being filled or read. */
import { createContext, useContext } from 'react';
import type { DraftStore } from '../form/draft-store.js';
import type { Uploads } from '../form/uploads.js';

export interface FormRuntime {
  store: DraftStore;
  /** `view`: read-only (a submitted record, the review step); `edit`: being filled in. */
  mode: 'edit' | 'view';
  /** Questions required when shown (a conditional in the schema, which JSON Forms does not read). */
  requiredWhenShown?: (path: string) => boolean;
  /** Questions filled in from an earlier record, by JSON Forms path: what the person is told there. */
  carried?: ReadonlyMap<string, string>;
  /** Uploads to the draft's files questions; absent where nothing can be uploaded (the designer's preview). */
  uploads?: Uploads;
}

const RuntimeContext = createContext<FormRuntime | null>(null);

export const FormRuntimeProvider = RuntimeContext.Provider;

export function useFormRuntime(): FormRuntime {
  const runtime = useContext(RuntimeContext);
  if (!runtime) throw new Error('Caseforms renderers need a <FormRuntimeProvider>.');
  return runtime;
}
