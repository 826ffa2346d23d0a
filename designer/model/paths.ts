/**
 * Node paths: how the designer names a place in the layout (the UI schema).
 *
 * A path is a dot-separated list of steps from the UI schema root:
 *
 * | path        | element                                                                        |
 * | ----------- | ------------------------------------------------------------------------------ |
 * | `''`        | the form itself (the root layout: a VerticalLayout, or a Categorization of pages) |
 * | `'2'`       | `root.elements[2]` — a page when the root is a Categorization                  |
 * | `'2.0.3'`   | `root.elements[2].elements[0].elements[3]`                                    |
 * | `'0.2.d.1'` | `root.elements[0].elements[2]` is a repeatable group (a Control on a list of objects); `d` steps into its row layout (`options.detail`) and `1` is `elements[1]` of that layout |
 * | `'0.2.d'`   | that row layout itself; accepted wherever a container is expected (adding into a group), and the same as `'0.2'` there |
 *
 * Numbers are 0-based indexes into `elements` (no leading zeros); `d` may only follow a number.
 * Paths are positions, so they change when elements before them move; every edit returns the
 * new path of what it placed.
 */
import { DesignError, type NodePath } from './types.js';
import { isObject, own, type JsonObject } from './json.js';

export type Step = number | 'd';

const INDEX = /^(0|[1-9][0-9]{0,5})$/;

export function parsePath(path: NodePath): Step[] {
  if (typeof path !== 'string') throw new DesignError('That is not a place in the form.');
  if (path === '') return [];
  const steps: Step[] = [];
  for (const part of path.split('.')) {
    if (part === 'd') {
      if (typeof steps.at(-1) !== 'number') throw new DesignError(`“${path}” is not a place in the form.`);
      steps.push('d');
    } else if (INDEX.test(part)) steps.push(Number(part));
    else throw new DesignError(`“${path}” is not a place in the form.`);
  }
  return steps;
}

export function formatPath(steps: readonly Step[]): NodePath {
  return steps.join('.');
}

/** The path of a child: `parent` is the container's path (a repeatable group's path puts the child in its rows). */
export function childPath(parent: NodePath, index: number, viaDetail: boolean): NodePath {
  const head = parent === '' ? '' : parent + '.';
  return `${head}${viaDetail ? 'd.' : ''}${index}`;
}

/** Drops a trailing `.d` (the row layout stands for its repeatable group). */
export function containerPath(path: NodePath): NodePath {
  return path.endsWith('.d') ? path.slice(0, -2) : path === 'd' ? path : path;
}

/** The list an element keeps its children in: a layout's `elements`, or a repeatable group's row layout's. */
export function childList(el: JsonObject): unknown[] | null {
  if (el.type === 'Control') {
    const options = own(el, 'options');
    const detail = isObject(options) ? own(options, 'detail') : undefined;
    const elements = isObject(detail) ? own(detail, 'elements') : undefined;
    return Array.isArray(elements) ? elements : null;
  }
  const elements = own(el, 'elements');
  return Array.isArray(elements) ? elements : null;
}

/** The element at a path, or null. `d` steps resolve to the repeatable group itself. */
export function elementAt(root: JsonObject, path: NodePath): JsonObject | null {
  let cur: JsonObject = root;
  const steps = parsePath(path);
  for (let i = 0; i < steps.length; i++) {
    const step = steps[i]!;
    if (step === 'd') continue;
    const viaDetail = steps[i - 1] === 'd';
    const list = viaDetail ? childList(cur) : cur.type === 'Control' ? null : childList(cur);
    const next = list?.[step];
    if (!isObject(next)) return null;
    cur = next;
  }
  return cur;
}

/** Where an element object is in the tree (by identity), or null. */
export function pathOfElement(root: JsonObject, target: object): NodePath | null {
  const walk = (el: JsonObject, path: NodePath, depth: number): NodePath | null => {
    if (el === target) return path;
    if (depth > 64) return null;
    const list = childList(el);
    if (!list) return null;
    const viaDetail = el.type === 'Control';
    for (let i = 0; i < list.length; i++) {
      const child = list[i];
      if (!isObject(child)) continue;
      const found = walk(child, childPath(path, i, viaDetail), depth + 1);
      if (found !== null) return found;
    }
    return null;
  };
  return walk(root, '', 0);
}
