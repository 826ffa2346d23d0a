/**
 * Moving layout elements. A move changes only the layout — never where an answer is stored — so
 * a field cannot move into or out of a repeatable group (its answer is given once per form, the
 * group's once per row), and pages move only among pages. Fields that a move puts under (or
 * takes out from under) a display rule stay "required when shown" (required.ts).
 *
 * `index` is the position in the target's children once the element has been taken out of its
 * old place (so moving within one list to `index` leaves it at `index`).
 */
import { clampIndex, kindName, listOf, refusal } from './containers.js';
import { Draft } from './draft.js';
import { q } from './json.js';
import { controlsIn, innerLevel, isDescendant, labelOfLoc, type Loc } from './locate.js';
import { pathOfElement } from './paths.js';
import { syncRequired } from './required.js';
import { DesignError, type Definition, type NodePath, type PlacedResult } from './types.js';

/** Why `loc` cannot move into `target`, or null. */
function moveRefusal(d: Draft, loc: Loc, target: Loc): string | null {
  if (loc.kind === 'form') return 'The form itself cannot be moved.';
  if (loc.kind === 'page' && target.el.type !== 'Categorization') return 'A page can only move among the other pages.';
  const why = refusal(target, loc.kind);
  if (why) return why;
  if (isDescendant(target, loc)) return `${q(labelOfLoc(d.definition, loc) || kindName(loc.kind))} cannot move inside itself.`;
  const from = loc.level;
  const to = innerLevel(target);
  if (from !== to) {
    const carriesData = controlsIn(loc).length > 0 || hasRules(loc);
    if (carriesData) {
      const name = q(labelOfLoc(d.definition, loc) || kindName(loc.kind));
      const groupOf = (level: string): string => {
        const g = d.tree.all.find((l) => l.kind === 'repeatable-group' && l.field + '/*' === level);
        return g ? q(labelOfLoc(d.definition, g)) : 'the repeatable group';
      };
      return to.startsWith(from) && to !== from
        ? `${name} cannot move into the repeatable group ${groupOf(to)}: its answers are given once for the form, while the group's are given once per row. Add a new field inside the group instead.`
        : `${name} cannot move out of the repeatable group ${groupOf(from)}: its answers are given once per row. Add a new field where you want it instead.`;
    }
  }
  return null;
}

function hasRules(loc: Loc): boolean {
  return loc.el.rule !== undefined || loc.children.some(hasRules);
}

function doMove(d: Draft, loc: Loc, target: Loc, index: number): PlacedResult {
  const why = moveRefusal(d, loc, target);
  if (why) throw new DesignError(why);
  const el = loc.el;
  const from = listOf(loc.parent!);
  const to = listOf(target);
  from.splice(from.indexOf(el), 1);
  to.splice(clampIndex(index, to.length), 0, el);
  d.touch();
  syncRequired(d);
  return d.result({ path: pathOfElement(d.uischema, el)! });
}

/** Moves an element to `index` in the container at `toParentPath` (a page, section, row, repeatable group, or the form). */
export function move(def: Definition, fromPath: NodePath, toParentPath: NodePath, index: number): PlacedResult {
  const d = new Draft(def);
  const loc = d.loc(fromPath);
  const target = d.loc(toParentPath);
  return doMove(d, loc, target, index);
}

/** Kinds that step into a neighbouring section when moved past it by keyboard. */
const LEAFY = new Set(['field', 'guidance', 'repeatable-group']);

/**
 * Keyboard reordering, one step up. Within a list it swaps with the element above; a field (or
 * guidance, or repeatable group) moving up past a section goes into it, at its end; at the top of
 * a section it goes into the section above when there is one, otherwise out, just above the
 * section; at the top of a row it leaves the row; at the top of a page it goes to the end of the
 * page before. Pages swap with the page before. Refused (DesignError) when there is nowhere to go.
 */
export function moveUp(def: Definition, path: NodePath): PlacedResult {
  return step(def, path, -1);
}

/** Keyboard reordering, one step down: the mirror of `moveUp`. */
export function moveDown(def: Definition, path: NodePath): PlacedResult {
  return step(def, path, 1);
}

function step(def: Definition, path: NodePath, dir: -1 | 1): PlacedResult {
  const d = new Draft(def);
  const loc = d.loc(path);
  const parent = loc.parent;
  const name = q(labelOfLoc(d.definition, loc) || kindName(loc.kind));
  if (!parent) throw new DesignError('The form itself cannot be moved.');
  const siblings = parent.children;
  const i = siblings.indexOf(loc);
  const edge = dir < 0 ? i === 0 : i === siblings.length - 1;
  const enters = (other: Loc | undefined): other is Loc => !!other && other.kind === 'section' && LEAFY.has(loc.kind) && moveRefusal(d, loc, other) === null;
  if (!edge) {
    const next = siblings[i + dir];
    if (loc.kind !== 'page' && enters(next)) return doMove(d, loc, next, dir < 0 ? next.children.length : 0);
    return doMove(d, loc, parent, i + dir);
  }
  const where = dir < 0 ? 'top' : 'bottom';
  if (loc.kind === 'page') throw new DesignError(`${name} is already the ${dir < 0 ? 'first' : 'last'} page.`);
  if (parent.kind === 'section' || parent.kind === 'row') {
    const grand = parent.parent!;
    const j = grand.children.indexOf(parent);
    const neighbour = grand.children[j + dir];
    if (parent.kind === 'section' && enters(neighbour)) return doMove(d, loc, neighbour, dir < 0 ? neighbour.children.length : 0);
    if (moveRefusal(d, loc, grand) === null) return doMove(d, loc, grand, dir < 0 ? j : j + 1);
    throw new DesignError(`${name} is already at the ${where} of the ${parent.kind === 'row' ? 'row' : 'section'}.`);
  }
  if (parent.kind === 'page') {
    const pages = parent.parent!.children;
    const neighbour = pages[pages.indexOf(parent) + dir];
    if (neighbour && neighbour.kind === 'page') return doMove(d, loc, neighbour, dir < 0 ? neighbour.children.length : 0);
    throw new DesignError(`${name} is already at the ${where} of the form.`);
  }
  if (parent.kind === 'repeatable-group') throw new DesignError(`${name} is already at the ${where} of the repeatable group; fields cannot leave it.`);
  throw new DesignError(`${name} is already at the ${where} of the form.`);
}
