/** The published forms' titles by id, for lists that name each record's form. */
import { api } from '../api/client.js';
import type { FormSummary } from '../api/types.js';
import { useLoad, type Loaded } from './use-load.js';

export function useFormTitles(): [Loaded<Map<string, string>>, () => void] {
  return useLoad(async () => new Map((await api.get<{ items: FormSummary[] }>('/api/forms')).body.items.map((f) => [f.id, f.title])), []);
}
