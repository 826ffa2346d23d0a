/**
 * What the list behind a number is, in words, from the list's own parameters: the heading of its
 * page ("Children with no Case supervision yet in Children in need north", "Case supervision
 * completed in July 2026 in Children in need north"), so a shared or reloaded link says the same.
 */
import { whereScope, type Frame } from './common.js';
import type { DrillParams } from './drill.js';
import type { DaysBand } from './model.js';
import { LAST_WAS, monthWords, rangeWords } from './words.js';

function subjects(nouns: string, form: string, band: DaysBand | undefined, overdue: boolean): string {
  if (overdue) return `${nouns} overdue for ${form}`;
  if (band === 'never') return `${nouns} with no completed ${form} yet`;
  if (band) return `${nouns} whose last ${form} was ${LAST_WAS[band]}`;
  return `${nouns} by time since the last ${form}`;
}

function what(frame: Frame, p: DrillParams, form: string | undefined): string {
  const when = p.month ? `in ${monthWords(p.month)}` : rangeWords(frame.filters);
  switch (p.list) {
    case 'overdue-children':
    case 'children-by-band':
      return subjects('Children', form ?? 'their form', p.band, p.list === 'overdue-children');
    case 'overdue-workers':
    case 'workers-by-band':
      return subjects('Workers', form ?? 'their form', p.band, p.list === 'overdue-workers');
    case 'completed-records': {
      const timing = p.onTime === true ? ' within the timescale' : p.onTime === false ? ' late' : '';
      return `${form ?? 'Records'} completed${timing} ${when}${p.moderated ? ', moderated' : ''}`;
    }
    case 'records':
      return `${form ? `${form} ` : ''}${p.status === 'draft' ? 'drafts' : 'records'} started ${rangeWords(frame.filters)}${p.status === 'submitted' ? ' and submitted' : p.status === 'draft' ? ' and not yet submitted' : ''}`;
    case 'actions':
      return p.status === 'overdue' ? 'Overdue actions' : p.status === 'not-due' ? 'Open actions not yet due' : p.status === 'done' ? `Actions closed ${rangeWords(frame.filters)}` : p.status === 'open' ? 'Open actions' : 'Actions';
    case 'assignments': {
      const due = p.month ? `due in ${monthWords(p.month)}` : `due ${rangeWords(frame.filters)}`;
      const status = { 'done-on-time': ' done on time', 'done-late': ' done late', overdue: ' overdue', 'not-due': ' not yet due' }[p.status ?? ''] ?? '';
      return `Audits ${due}${status}`;
    }
  }
}

/** The list's title: what it holds, whose (the allocated worker), and where (the team, or the reader's scope). */
export async function drillTitle(frame: Frame, p: DrillParams): Promise<string> {
  const form = p.form ? ((await frame.ctx.store.getForm(p.form))?.title ?? p.form) : undefined;
  const worker = p.worker ? ((await frame.ctx.store.getWorkers([p.worker]))[0]?.name ?? p.worker) : undefined;
  return `${what(frame, p, form)}${worker ? `, allocated to ${worker}` : ''} in ${whereScope(frame)}`;
}
