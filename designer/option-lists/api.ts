/** The shared option lists API (GET/POST /api/option-lists…), as the designer uses it. */
import { api } from '../../runtime/api/client.js';
import type { Option } from '../model/index.js';
import { slugOf } from '../model/names.js';

export interface OptionListVersion {
  listId: string;
  version: number;
  name: string;
  description?: string;
  team: string;
  options: Option[];
  changeNote?: string;
  hash?: string;
  createdBy: string;
  createdAt: string;
}

export interface OptionListSummary {
  id: string;
  name: string;
  description?: string;
  team: string;
  version: number;
  options: Option[];
  updatedBy: string;
  updatedAt: string;
  createdBy: string;
  createdAt: string;
  /** How many forms use the list (in any of their versions). */
  usedBy: number;
}

/** A form version whose schema uses the list. */
export interface OptionListUsage {
  formId: string;
  formTitle: string;
  version: number;
  status: 'draft' | 'published' | 'retired';
  listVersion: number;
  fieldPath: string;
  field: string;
}

export interface OptionListChange {
  kind: 'option-added' | 'option-removed' | 'option-label-changed' | string;
  code: string;
  message: string;
  breaking: boolean;
}

/** What a new version (or a new list) is made of. */
export interface OptionListBody {
  name: string;
  description?: string;
  team: string;
  options: Option[];
  changeNote?: string;
}

const base = '/api/option-lists';
const one = (id: string) => `${base}/${encodeURIComponent(id)}`;

export const optionListsApi = {
  list: () => api.get<{ items: OptionListSummary[] }>(base).then((r) => r.body.items),
  get: (id: string) => api.get<OptionListVersion & { usage?: OptionListUsage[] }>(one(id)),
  version: (id: string, n: number) => api.get<OptionListVersion>(`${one(id)}/versions/${n}`).then((r) => r.body),
  versions: (id: string) => api.get<{ items: OptionListVersion[] }>(`${one(id)}/versions`).then((r) => r.body.items),
  create: (body: OptionListBody & { id: string }) => api.post<OptionListVersion>(base, body),
  check: (id: string, body: OptionListBody) => api.post<{ changes: OptionListChange[]; usage: OptionListUsage[] }>(`${one(id)}/versions/check`, body).then((r) => r.body),
  save: (id: string, body: OptionListBody, ifMatch: string) => api.post<OptionListVersion>(`${one(id)}/versions`, body, { ifMatch }),
};

/** "Reasons for absence" → "reasons-for-absence": a list's id, made from its name. */
export const listIdOf = (name: string): string => slugOf(name, 'list');
