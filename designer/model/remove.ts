/**
 * Removing an element. A field takes its answer's schema with it, and everything that named it:
 * its `required` entries (plain and conditional), conditionals and cross-field checks
 * (`x-compare`) that test it, and display rules elsewhere that depend on it. Removing what a
 * calculated answer that stays is worked out from is refused (DesignError); a question filled in
 * from it in this form's earlier records (`x-carry-forward`) is not any more, a group whose rows were
 * tracked as actions by it is not any more (`x-actions`), and a review stage whose section went has none. A section, row or
 * page takes everything inside it. `notes` says, in words, what else went.
 */
import { CARRY_KEYWORD } from '../../engine/forms/carry-forward.js';
import { ACTIONS_KEYWORD } from './actions.js';
import { dropStageSection } from './review.js';
import { dropFromTimeliness } from './schedule.js';
import { scopeNames } from '../../engine/forms/schema-paths.js';
import { formulaName, formulaNames } from './formula-names.js';
import { CALCULATE_KEY } from './kinds.js';
import { joinPath, parentOf, schemaAt, within } from './data-paths.js';
import { Draft } from './draft.js';
import { isObject, own, q, listWords, type JsonObject } from './json.js';
import { controlsIn, fieldTitle, labelOfLoc, type Loc } from './locate.js';
import { listOf } from './containers.js';
import { syncRequired } from './required.js';
import { cleanConditionals, eachNode } from './schema-walk.js';
import { DesignError, type Definition, type EditResult, type NodePath } from './types.js';

/** The fields a rule's condition looks at (data paths). */
export function conditionFields(rule: unknown, level: string): string[] {
  const out: string[] = [];
  const walk = (c: unknown, depth: number): void => {
    if (!isObject(c) || depth > 12) return;
    if (Array.isArray(c.conditions)) for (const x of c.conditions) walk(x, depth + 1);
    const names = scopeNames(own(c, 'scope'));
    if (names) out.push(joinPath(level, names));
  };
  if (isObject(rule)) walk(rule.condition, 0);
  return out;
}

export function remove(def: Definition, path: NodePath): EditResult {
  const d = new Draft(def);
  const loc = d.loc(path);
  if (loc.kind === 'form') throw new DesignError('The form itself cannot be removed.');
  const labels = new Map<string, string>();
  for (const l of d.tree.all) if (l.field !== undefined && !labels.has(l.field)) labels.set(l.field, labelOfLoc(d.definition, l));
  const labelOf = (field: string) => labels.get(field) ?? field.split('/').filter((t) => t !== '*').at(-1) ?? field;

  // What goes: the fields shown inside the element (a repeatable group's rows go with it).
  const fields = [...new Set(controlsIn(loc).map((l) => l.field!))].filter((f) => schemaAt(d.schema, f) !== null);
  const gone = fields.filter((f) => !fields.some((g) => g !== f && within(f, g)));
  const isGone = (p: string) => gone.some((g) => within(p, g));
  const inside = controlsIn(loc).filter((l) => l !== loc);
  if (loc.kind !== 'field' && loc.kind !== 'repeatable-group' && inside.length > 0) {
    const names = inside.filter((l) => {
      for (let p = l.parent; p && p !== loc; p = p.parent) if (p.kind === 'repeatable-group') return false;
      return true;
    });
    d.note(`Removed with it: ${listWords(names.map((l) => q(labelOfLoc(d.definition, l))))}.`);
  }

  // 1. The layout: the element, and any other control showing an answer that goes.
  const detach = (l: Loc) => {
    const list = listOf(l.parent!);
    list.splice(list.indexOf(l.el), 1);
  };
  detach(loc);
  d.touch();
  for (const l of [...d.tree.all].reverse()) {
    if (l.field !== undefined && isGone(l.field) && l.parent) {
      d.note(`Another place that showed ${q(labelOf(l.field))} was removed too.`);
      detach(l);
    }
  }
  d.touch();

  // 2. Display rules elsewhere that depend on what goes.
  for (const l of d.tree.all) {
    const rule = own(l.el, 'rule');
    if (rule === undefined) continue;
    const used = conditionFields(rule, l.level).filter(isGone);
    if (used.length === 0) continue;
    delete l.el.rule;
    const what = l.field !== undefined ? q(labelOfLoc(d.definition, l)) : `the ${l.kind === 'row' ? 'row' : l.kind} ${q(labelOfLoc(d.definition, l))}`;
    d.note(`The rule on ${what} that depended on ${listWords(used.map((f) => q(labelOf(f))))} was removed too.`);
  }
  d.touch();

  // 3. A form whose last page went has no pages any more.
  if (d.uischema.type === 'Categorization' && Array.isArray(d.uischema.elements) && d.uischema.elements.length === 0) {
    for (const k of Object.keys(d.uischema)) delete d.uischema[k];
    Object.assign(d.uischema, { type: 'VerticalLayout', elements: [] });
    d.touch();
  }

  // 4. Fields whose display rules changed stay required (when shown) as they were.
  syncRequired(d);

  // 5. A calculated answer that stays cannot lose what it is worked out from: the removal is
  // refused, naming the formula to change first (a formula cannot be mended by cutting it).
  eachNode(d.schema, (node, path) => {
    const formula = own(node, CALCULATE_KEY);
    if (typeof formula !== 'string' || isGone(path)) return;
    const used = gone.filter((g) => formulaNames(formula).some((n) => n.name === formulaName(g) || n.name.startsWith(formulaName(g) + '.')));
    if (used.length) {
      throw new DesignError(
        `${listWords(used.map((f) => q(labelOf(f))))} cannot be removed: ${q(labelOf(path))} is worked out from ${used.length === 1 ? 'it' : 'them'}. Change or remove that calculation first.`,
      );
    }
  });

  // 6. A question filled in from this form's earlier records at an answer that goes is no longer
  // filled in (as a display rule that depended on it goes); one filled in from another form keeps it.
  eachNode(d.schema, (node, path) => {
    const carry = own(node, CARRY_KEYWORD);
    if (!isObject(carry) || carry.form !== undefined || typeof carry.from !== 'string' || isGone(path) || !isGone(carry.from)) return;
    delete node[CARRY_KEYWORD];
    d.note(`${q(labelOf(path))} was filled in from ${q(labelOf(carry.from))} in the last record; it is not filled in from an earlier record any more.`);
  });

  // 7. A repeating group tracked as actions that loses the action, its owner or its due date is
  // no longer tracked (as a display rule that depended on it goes).
  eachNode(d.schema, (node, path) => {
    const marking = own(node, ACTIONS_KEYWORD);
    if (!isObject(marking) || isGone(path)) return;
    const lost = Object.values(marking).filter((n): n is string => typeof n === 'string' && isGone(`${path}/*/${n}`));
    if (lost.length === 0) return;
    delete node[ACTIONS_KEYWORD];
    d.note(`The rows of ${q(labelOf(path))} are no longer tracked as actions: ${listWords(lost.map((n) => q(labelOf(`${path}/*/${n}`))))} went.`);
  });

  // 7b. How often records are due and what the dashboards chart lose what went (schedule.ts).
  dropFromTimeliness(d, isGone, labelOf);

  // 8. The schema: the answers, their required entries, and what tests them.
  for (const field of gone) dropProperty(d, field, isGone, labelOf);

  // 9. A review stage whose own section went is filled in without one.
  for (const name of Object.keys(sectionsOf(d.before.schema as JsonObject))) {
    if (schemaAt(d.schema, `/${name}`)) continue;
    for (const stage of dropStageSection(d.schema, name)) d.note(`The stage ${q(stage)} has no section of its own any more: ${q(fieldTitle(d.before.schema as JsonObject, `/${name}`))} went.`);
  }
  return d.result();
}

/** The root's properties (what a review stage's section may name). */
function sectionsOf(schema: JsonObject): JsonObject {
  const props = own(schema, 'properties');
  return isObject(props) ? props : {};
}

/** Deletes a property and cleans up whatever named it; an object left empty goes too. */
function dropProperty(d: Draft, field: string, isGone: (p: string) => boolean, labelOf: (f: string) => string): void {
  const { parent, name } = parentOf(field);
  if (!schemaAt(d.schema, field)) return;
  const holder = d.own(parent);
  const props = own(holder, 'properties');
  if (!isObject(props)) return;
  delete props[name];
  const req = own(holder, 'required');
  if (Array.isArray(req)) {
    const kept = req.filter((n) => n !== name);
    if (kept.length) holder.required = kept;
    else delete holder.required;
  }
  cleanup(d, isGone, labelOf);
  d.touch();
  // An object (not the form, not a repeatable group's row) with nothing left in it goes as well.
  if (parent !== '' && !parent.endsWith('/*') && Object.keys(props).length === 0) {
    const stillShown = d.tree.all.some((l) => l.field !== undefined && within(l.field, parent));
    if (!stillShown) dropProperty(d, parent, (p) => isGone(p) || within(p, parent), labelOf);
  }
}

/** Conditionals and cross-field checks anywhere in the form that name a gone place. */
function cleanup(d: Draft, isGone: (p: string) => boolean, labelOf: (f: string) => string): void {
  eachNode(d.schema, (node, path) => {
    cleanConditionals(node, path, isGone, (entry, at) => {
      const then = isObject(entry) && isObject(entry.then) ? entry.then : null;
      const req = then && Array.isArray(then.required) ? (then.required as string[]) : [];
      d.note(
        req.length
          ? `The condition that made ${listWords(req.map((n) => q(labelOf(`${at}/${n}`))))} required depended on it and was removed too.`
          : 'A condition in the schema that depended on it was removed too.',
      );
    });
    const checks = own(node, 'x-compare');
    if (Array.isArray(checks)) {
      const kept = checks.filter((c) => {
        if (!isObject(c)) return true;
        const hit = [c.field, c.other].some((p) => typeof p === 'string' && p !== 'now' && p.startsWith('/') && isGone(path + p));
        if (hit) d.note(`The check ${q(typeof c.message === 'string' ? c.message : `${String(c.field)} ${String(c.op)} ${String(c.other)}`)} was removed too.`);
        return !hit;
      });
      if (kept.length) node['x-compare'] = kept;
      else delete node['x-compare'];
    }
  });
}

export type { JsonObject };
