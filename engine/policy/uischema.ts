/**
 * The UI schema half of the definition policy: known element types only, every scope and rule
 * condition pointing at a field that exists, and no field that a rule can hide while the schema
 * always requires it.
 */
import type { FieldError } from '../errors.js';
import type { JsonObject } from '../forms/model.js';
import { isObject, own, resolveRef, resolveScope, scopeNames } from '../forms/schema-paths.js';
import { joinPointer } from '../json/pointer.js';
import { LIMITS } from './limits.js';
import { SchemaChecker } from './schema.js';
import { CHOSEN_KINDS, chosenKind, isPlainText } from '../forms/chosen-kind.js';

const ELEMENT_KEYS: Record<string, ReadonlySet<string>> = {
  Control: new Set(['type', 'scope', 'label', 'options', 'rule']),
  VerticalLayout: new Set(['type', 'elements', 'rule', 'options']),
  HorizontalLayout: new Set(['type', 'elements', 'rule', 'options']),
  Group: new Set(['type', 'label', 'elements', 'rule', 'options']),
  Categorization: new Set(['type', 'label', 'elements', 'rule', 'options']),
  Category: new Set(['type', 'label', 'elements', 'rule', 'options']),
  Label: new Set(['type', 'text', 'rule', 'options']),
};
const CONTROL_OPTIONS = new Set([
  'multi',
  'format',
  'detail',
  'readonly',
  'hint',
  'placeholder',
  'autocomplete',
  'rows',
  'showSortButtons',
  'elementLabelProp',
  'trim',
  'restrict',
  'showUnfocusedDescription',
  'focus',
  'kind',
]);
/** Control options that are true or false, and those that are text (with `kind`, `format` and `detail` checked on their own). */
const BOOLEAN_OPTIONS = ['multi', 'readonly', 'showSortButtons', 'trim', 'restrict', 'showUnfocusedDescription', 'focus'] as const;
const TEXT_OPTIONS = ['hint', 'placeholder', 'autocomplete', 'elementLabelProp'] as const;
const EFFECTS = new Set(['SHOW', 'HIDE', 'ENABLE', 'DISABLE']);
const UI_DEPTH = 32;

interface Context {
  /** The schema scopes here are relative to: the root, or an array's items inside a detail layout. */
  base: JsonObject;
  /** Data path of `base` (`''` for the root, `/actions/*` inside the actions detail). */
  dataPath: string;
  /** Inside an element a SHOW/HIDE rule can hide. */
  hidable: boolean;
}

export interface ControlInfo {
  label?: string;
  /** Shown as long text (`options.multi`). */
  multi: boolean;
}

/** What the layout says about each schema node it shows, found before defaults are applied. */
export function controlInfo(root: JsonObject, uischema: unknown): Map<object, ControlInfo> {
  const out = new Map<object, ControlInfo>();
  const walk = (el: unknown, base: JsonObject, depth: number): void => {
    if (!isObject(el) || depth > UI_DEPTH) return;
    if (el.type === 'Control') {
      const target = resolveScope(root, base, el.scope);
      const options = own(el, 'options');
      if (target) {
        const label = own(el, 'label');
        const text = typeof label === 'string' ? label : isObject(label) && typeof label.text === 'string' ? label.text : undefined;
        out.set(target.node, { ...(text?.trim() ? { label: text.trim() } : {}), multi: isObject(options) && (options.multi === true || (options.multi === undefined && chosenKind(el) === 'long-text')) });
        const items = target.node.type === 'array' ? resolveRef(root, own(target.node, 'items')) : null;
        if (items && isObject(options) && isObject(options.detail)) walk(options.detail, items, depth + 1);
      }
    }
    const elements = own(el, 'elements');
    if (Array.isArray(elements)) for (const child of elements) walk(child, base, depth + 1);
  };
  walk(uischema, root, 0);
  return out;
}

export class UiSchemaChecker {
  readonly violations: FieldError[] = [];
  readonly notices: FieldError[] = [];
  /** Data paths a Control shows (`/actions`, `/actions/*\/dueDate`). */
  private readonly shown = new Set<string>();
  private readonly conditions: SchemaChecker;

  constructor(private readonly root: JsonObject) {
    this.conditions = new SchemaChecker(root, new Map(), '/uischema');
  }

  private violation(pointer: string, message: string): void {
    this.violations.push({ pointer: '/uischema' + pointer, message });
  }

  /** `coverage`: also note fields no control shows (only meaningful once the schema is sound). */
  check(uischema: unknown, options: { coverage: boolean }): void {
    this.element(uischema, '', { base: this.root, dataPath: '', hidable: false }, 0);
    this.violations.push(...this.conditions.violations);
    if (options.coverage && this.violations.length === 0) this.coverage();
  }

  private element(el: unknown, ptr: string, ctx: Context, depth: number): void {
    if (depth > UI_DEPTH) {
      this.violation(ptr, `The layout is nested more than ${UI_DEPTH} levels deep.`);
      return;
    }
    if (!isObject(el)) {
      this.violation(ptr, 'Each layout element must be a JSON object with a "type".');
      return;
    }
    const type = own(el, 'type');
    const allowed = typeof type === 'string' ? ELEMENT_KEYS[type] : undefined;
    if (!allowed) {
      this.violation(joinPointer(ptr, 'type'), `Unknown layout element type ${JSON.stringify(type)}; use one of: ${Object.keys(ELEMENT_KEYS).join(', ')}.`);
      return;
    }
    for (const key of Object.keys(el)) {
      if (!allowed.has(key)) this.violation(joinPointer(ptr, key), `A ${type} element has no setting "${key}".`);
    }
    const label = own(el, 'label');
    if (label !== undefined && !this.labelOk(label)) this.violation(joinPointer(ptr, 'label'), `The label must be text of at most ${LIMITS.textLength} characters.`);
    const options = own(el, 'options');
    if (options !== undefined && !isObject(options)) this.violation(joinPointer(ptr, 'options'), '"options" must be an object.');

    let hidable = ctx.hidable;
    const rule = own(el, 'rule');
    if (rule !== undefined) hidable = this.rule(rule, joinPointer(ptr, 'rule'), ctx) || hidable;
    const inner: Context = { ...ctx, hidable };

    if (type === 'Control') this.control(el, ptr, inner, depth);
    else if (type === 'Label') {
      const text = own(el, 'text');
      if (typeof text !== 'string' || text.length > 10_000) this.violation(joinPointer(ptr, 'text'), 'Guidance text must be text of at most 10,000 characters.');
    } else {
      const elements = own(el, 'elements');
      if (!Array.isArray(elements)) {
        this.violation(joinPointer(ptr, 'elements'), `A ${type} needs a list of "elements".`);
        return;
      }
      if ((type === 'Category' || type === 'Categorization') && (typeof label !== 'string' || !label.trim()) && type === 'Category') {
        this.violation(joinPointer(ptr, 'label'), 'Each step needs a label (its title in the list of steps).');
      }
      if (type === 'Category' && !shows(el)) {
        const title = typeof label === 'string' && label.trim() ? `“${label.trim()}”` : 'a page';
        this.emptyPages.push({ pointer: ptr, message: `The page ${title} has nothing on it: add questions or guidance to it, or remove it, before publishing.` });
      }
      elements.forEach((child, i) => {
        const cp = joinPointer(ptr, 'elements', i);
        if (type === 'Categorization' && !(isObject(child) && (child.type === 'Category' || child.type === 'Categorization'))) {
          this.violation(cp, 'A set of steps (Categorization) may only contain steps (Category).');
          return;
        }
        this.element(child, cp, inner, depth + 1);
      });
    }
  }

  private labelOk(label: unknown): boolean {
    if (typeof label === 'boolean') return true;
    if (typeof label === 'string') return label.length <= LIMITS.textLength;
    if (isObject(label)) {
      const text = own(label, 'text');
      const show = own(label, 'show');
      return Object.keys(label).every((k) => k === 'text' || k === 'show') && (text === undefined || (typeof text === 'string' && text.length <= LIMITS.textLength)) && (show === undefined || typeof show === 'boolean');
    }
    return false;
  }

  private control(el: JsonObject, ptr: string, ctx: Context, depth: number): void {
    const scope = own(el, 'scope');
    const target = resolveScope(this.root, ctx.base, scope);
    if (!target) {
      this.violation(
        joinPointer(ptr, 'scope'),
        scopeNames(scope)
          ? `This control points at a field that does not exist (${String(scope)}).`
          : `A control's "scope" must name a field, like "#/properties/childId" (got ${JSON.stringify(scope)}).`,
      );
      return;
    }
    const path = ctx.dataPath + '/' + scopeNames(scope)!.join('/');
    this.shown.add(path);
    const required = own(target.parent, 'required');
    if (ctx.hidable && Array.isArray(required) && required.includes(target.name)) {
      const name = typeof target.node.title === 'string' ? target.node.title : target.name;
      this.violation(
        joinPointer(ptr, 'scope'),
        `"${name}" can be hidden by a display rule but is always required, so the form could not be submitted while it is hidden. Make it required only under the same condition ("if"/"then" in the schema).`,
      );
    }
    const options = own(el, 'options');
    if (!isObject(options)) return;
    for (const key of Object.keys(options)) {
      if (!CONTROL_OPTIONS.has(key)) this.violation(joinPointer(ptr, 'options', key), `Controls have no option "${key}".`);
    }
    for (const key of BOOLEAN_OPTIONS) {
      if (options[key] !== undefined && typeof options[key] !== 'boolean') this.violation(joinPointer(ptr, 'options', key), `"${key}" must be true or false.`);
    }
    for (const key of TEXT_OPTIONS) {
      const v = options[key];
      if (v === undefined) continue;
      if (typeof v !== 'string') this.violation(joinPointer(ptr, 'options', key), `"${key}" must be text.`);
      else if (v.length > LIMITS.textLength) this.violation(joinPointer(ptr, 'options', key), `"${key}" is longer than ${LIMITS.textLength.toLocaleString('en-GB')} characters.`);
    }
    if (typeof options.autocomplete === 'string' && !/^[a-z0-9 -]{1,100}$/.test(options.autocomplete)) {
      this.violation(joinPointer(ptr, 'options', 'autocomplete'), '"autocomplete" must be an HTML autocomplete token, such as "name" or "postal-code".');
    }
    if (options.rows !== undefined && !(Number.isInteger(options.rows) && (options.rows as number) >= 1 && (options.rows as number) <= 50)) {
      this.violation(joinPointer(ptr, 'options', 'rows'), '"rows" (the height of a long text box) must be a whole number from 1 to 50.');
    }
    if (options.format !== undefined && options.format !== 'radio' && options.format !== 'select') {
      this.violation(joinPointer(ptr, 'options', 'format'), 'A choice can be shown as "radio" (radio buttons) or "select" (a dropdown); nothing else.');
    }
    if (options.kind !== undefined) {
      const name = typeof target.node.title === 'string' ? target.node.title : target.name;
      if (!chosenKind(el)) this.violation(joinPointer(ptr, 'options', 'kind'), `A question's kind can be ${CHOSEN_KINDS.map((k) => `"${k}"`).join(', ')}; nothing else.`);
      else if (!isPlainText(resolveRef(this.root, target.node))) this.violation(joinPointer(ptr, 'options', 'kind'), `"${name}" is marked as ${String(options.kind)} but its answer is not plain text (it has a format, options or another type).`);
    }
    const detail = own(options, 'detail');
    if (detail !== undefined && typeof detail !== 'string') {
      const items = target.node.type === 'array' ? resolveRef(this.root, own(target.node, 'items')) : null;
      if (!items) this.violation(joinPointer(ptr, 'options', 'detail'), 'Only a repeating group (a list) can have a row layout ("detail").');
      else this.element(detail, joinPointer(ptr, 'options', 'detail'), { base: items, dataPath: path + '/*', hidable: ctx.hidable }, depth + 1);
    }
  }

  /** Checks a rule; true when it can hide the element (SHOW or HIDE). */
  private rule(rule: unknown, ptr: string, ctx: Context): boolean {
    if (!isObject(rule)) {
      this.violation(ptr, 'A display rule must be an object with "effect" and "condition".');
      return false;
    }
    for (const key of Object.keys(rule)) if (key !== 'effect' && key !== 'condition') this.violation(joinPointer(ptr, key), `A display rule has no setting "${key}".`);
    const effect = own(rule, 'effect');
    if (typeof effect !== 'string' || !EFFECTS.has(effect)) this.violation(joinPointer(ptr, 'effect'), `A rule's effect must be one of ${[...EFFECTS].join(', ')}.`);
    this.condition(own(rule, 'condition'), joinPointer(ptr, 'condition'), ctx, 0);
    return effect === 'SHOW' || effect === 'HIDE';
  }

  private condition(cond: unknown, ptr: string, ctx: Context, depth: number): void {
    if (!isObject(cond) || depth > 8) {
      this.violation(ptr, 'A rule condition must be an object (nested at most 8 deep).');
      return;
    }
    const type = own(cond, 'type');
    if (type === 'OR' || type === 'AND') {
      const list = own(cond, 'conditions');
      for (const key of Object.keys(cond)) if (key !== 'type' && key !== 'conditions') this.violation(joinPointer(ptr, key), `An ${type} condition has only "conditions".`);
      if (!Array.isArray(list) || list.length === 0 || list.length > 50) {
        this.violation(joinPointer(ptr, 'conditions'), `An ${type} condition needs a list of 1 to 50 conditions.`);
        return;
      }
      list.forEach((c, i) => this.condition(c, joinPointer(ptr, 'conditions', i), ctx, depth + 1));
      return;
    }
    const keys = type === 'LEAF' ? ['type', 'scope', 'expectedValue'] : ['type', 'scope', 'schema', 'failWhenUndefined'];
    for (const key of Object.keys(cond)) if (!keys.includes(key)) this.violation(joinPointer(ptr, key), `A rule condition has no setting "${key}".`);
    if (type !== undefined && type !== 'LEAF' && type !== 'SCHEMA') this.violation(joinPointer(ptr, 'type'), 'A condition type is OR, AND, LEAF or SCHEMA.');
    const target = resolveScope(this.root, ctx.base, own(cond, 'scope'));
    if (!target) {
      this.violation(joinPointer(ptr, 'scope'), `This rule depends on a field that does not exist (${JSON.stringify(own(cond, 'scope'))}).`);
      return;
    }
    const failWhenUndefined = own(cond, 'failWhenUndefined');
    if (failWhenUndefined !== undefined && typeof failWhenUndefined !== 'boolean') this.violation(joinPointer(ptr, 'failWhenUndefined'), '"failWhenUndefined" must be true or false.');
    if (type !== 'LEAF') this.conditions.condition(own(cond, 'schema') ?? {}, ptr + '/schema', target.node, { allowPattern: false });
  }

  /** Pages with nothing to show: a draft may have them while it is built; a published version may not. */
  readonly emptyPages: FieldError[] = [];

  /** Fields no control shows cannot be filled in: say so (not an error: they may be filled by integrations). */
  private coverage(): void {
    const walk = (node: unknown, path: string, shownAbove: boolean, depth: number): void => {
      const s = resolveRef(this.root, node);
      if (!s || depth > LIMITS.dataDepth + 1) return;
      const shown = shownAbove || this.shown.has(path);
      if (s.type === 'object' && isObject(s.properties)) {
        for (const [name, sub] of Object.entries(s.properties)) walk(sub, `${path}/${name}`, shown, depth + 1);
      } else if (s.type === 'array') {
        walk(s.items, `${path}/*`, shown, depth + 1);
      } else if (!shown && path) {
        const label = typeof s.title === 'string' ? s.title : path.slice(path.lastIndexOf('/') + 1);
        this.notices.push({ pointer: '/schema' + schemaPointerOf(path), message: `"${label}" is not shown anywhere in the layout, so nobody can fill it in on screen.` });
      }
    };
    walk(this.root, '', false, 0);
  }
}

/** Whether a layout element shows anything: a question or guidance somewhere inside it. */
function shows(el: unknown, depth = 0): boolean {
  if (!isObject(el) || depth > UI_DEPTH) return false;
  if (el.type === 'Control' || el.type === 'Label') return true;
  const elements = own(el, 'elements');
  return Array.isArray(elements) && elements.some((child) => shows(child, depth + 1));
}

/** `/actions/*\/dueDate` → `/properties/actions/items/properties/dueDate` (before references are followed). */
function schemaPointerOf(path: string): string {
  return path
    .split('/')
    .slice(1)
    .map((t) => (t === '*' ? '/items' : `/properties/${t}`))
    .join('');
}
