/**
 * The teams Caseforms knows: every team an account belongs to or a form is owned by. Teams have
 * no record of their own; their ids come from accounts (set by an administrator) and forms.
 */
import type { EngineContext } from '../context.js';
import { humanize } from '../forms/labels.js';

export interface Team {
  /** The team id, as accounts and forms hold it (`children-in-need-north`). */
  id: string;
  /** The id in words (`Children in need north`), for choosing from a list. */
  name: string;
  accounts: number;
  forms: number;
}

export async function listTeams(ctx: EngineContext): Promise<Team[]> {
  const teams = new Map<string, Team>();
  const entry = (id: string) => {
    let t = teams.get(id);
    if (!t) teams.set(id, (t = { id, name: humanize(id.replace(/[-.]+/g, ' ')), accounts: 0, forms: 0 }));
    return t;
  };
  for (const a of await ctx.store.listAccounts()) if (a.team) entry(a.team).accounts++;
  for (const f of await ctx.store.listForms()) if (f.team) entry(f.team).forms++;
  return [...teams.values()].sort((a, b) => a.name.localeCompare(b.name, 'en-GB') || a.id.localeCompare(b.id));
}
