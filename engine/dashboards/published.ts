/**
 * The forms on the dashboards: every published form with its newest published version's
 * `x-schedule` and `x-measures`. Read once per store and kept until the store's forms change
 * (Store.formsChangeMarker, asked on every use: any process's publish shows at once), not read
 * form by form on every dashboard request.
 *
 * Each time they are read, the stamps of each measured form's completed records are completed
 * (Store.fillMeasures) before anything is counted: records stamped before stamps carried
 * measures (an upgrade) and records of versions that measured less get the answers the newest
 * version charts from their own answers, so the counts read stamps alone. A record completed on
 * an older version after that is counted by what its own version measured (the rest as not
 * given) until the forms next change or the service restarts.
 */
import type { EngineContext } from '../context.js';
import type { Form, FormVersion } from '../forms/model.js';
import { measuredPointers } from '../timeliness/measure-keys.js';
import type { Measures, ScheduleRule } from '../timeliness/model.js';

export interface DashboardFormInfo {
  form: Form;
  version: FormVersion;
  schedule?: ScheduleRule;
  measures?: Measures;
}

type Store = EngineContext['store'];

const cache = new WeakMap<Store, { marker: string; forms: Promise<DashboardFormInfo[]> }>();

async function read(store: Store): Promise<DashboardFormInfo[]> {
  const out: DashboardFormInfo[] = [];
  for (const form of await store.listForms()) {
    const published = (await store.listVersions(form.id)).filter((v) => v.status === 'published').sort((a, b) => b.version - a.version)[0];
    if (!published) continue;
    const schedule = published.schema['x-schedule'] as ScheduleRule | undefined;
    const measures = published.schema['x-measures'] as Measures | undefined;
    out.push({ form, version: published, ...(schedule ? { schedule } : {}), ...(measures ? { measures } : {}) });
  }
  for (const info of out) {
    const pointers = measuredPointers(info.measures);
    if (pointers.length) await store.fillMeasures(info.form.id, pointers);
  }
  return out;
}

/** Published forms with their newest published version's keywords (shared: do not change them). */
export async function publishedForms(ctx: EngineContext): Promise<DashboardFormInfo[]> {
  const marker = await ctx.store.formsChangeMarker();
  const kept = cache.get(ctx.store);
  if (kept?.marker === marker) return kept.forms;
  const forms = read(ctx.store);
  cache.set(ctx.store, { marker, forms });
  // A failed read is not kept: the next request reads again.
  forms.catch(() => {
    if (cache.get(ctx.store)?.forms === forms) cache.delete(ctx.store);
  });
  return forms;
}
