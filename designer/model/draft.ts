/**
 * A working copy of a definition for one edit: the caller's definition is copied once and never
 * touched; the edit changes the copy and hands it back. Also the copy-on-write of shared
 * definitions: a field reached through a `$ref` gets its own copy of the definition before it is
 * changed, so that changing one place never changes the others that use the same definition.
 */
import { resolveRef } from '../../engine/forms/schema-paths.js';
import { fieldTitle, locate, prepare, type Loc, type Tree } from './locate.js';
import { tokensOf, usedDefinitions } from './data-paths.js';
import { clone, isObject, own, q, type JsonObject } from './json.js';
import { parsePath } from './paths.js';
import { DesignError, type Definition, type NodePath, type Rename } from './types.js';
import { checkLimits } from './limits.js';

export class Draft {
  readonly schema: JsonObject;
  readonly uischema: JsonObject;
  readonly notes: string[] = [];
  /** Answers this edit renamed (see rename.ts). */
  readonly renamed: Rename[] = [];
  /** The definition as it was before this edit (prepared), for comparisons. */
  readonly before: Definition;
  private cached: Tree | null = null;

  constructor(readonly input: Definition) {
    if (!input || !isObject(input.schema) || !isObject(input.uischema)) throw new DesignError('The form definition is missing its schema or its layout.');
    const copy = clone({ schema: input.schema, uischema: input.uischema }) as { schema: JsonObject; uischema: JsonObject };
    prepare(copy);
    this.schema = copy.schema;
    this.uischema = copy.uischema;
    this.before = clone(copy);
  }

  get definition(): Definition {
    return { schema: this.schema, uischema: this.uischema };
  }

  /** The located layout (recomputed after `touch()`). */
  get tree(): Tree {
    this.cached ??= locate(this.definition);
    return this.cached;
  }

  /** Call after changing the layout or the schema. */
  touch(): void {
    this.cached = null;
  }

  loc(path: NodePath): Loc {
    parsePath(path);
    const clean = path.endsWith('.d') ? path.slice(0, -2) : path;
    const loc = this.tree.byPath.get(clean);
    if (!loc) throw new DesignError('That part of the form no longer exists; the outline may be out of date.');
    return loc;
  }

  note(message: string): void {
    if (!this.notes.includes(message)) this.notes.push(message);
  }

  /**
   * The schema node at a data path, made this place's own: every `$ref` on the way (and the node
   * itself, when it is one) is replaced by a copy of the definition, keeping the reference's own
   * title and description. Definitions no longer used afterwards are dropped.
   */
  own(path: string): JsonObject {
    const usedBefore = usedDefinitions(this.schema);
    let cur: JsonObject = this.schema;
    let walked = '';
    let copied = false;
    for (const t of tokensOf(path)) {
      walked += '/' + t;
      let holder: JsonObject;
      let key: string;
      if (t === '*') {
        holder = cur;
        key = 'items';
      } else {
        const props = own(cur, 'properties');
        if (!isObject(props)) throw new DesignError(`The field ${q(fieldTitle(this.schema, walked))} does not exist.`);
        holder = props;
        key = t;
      }
      const raw = own(holder, key);
      if (!isObject(raw)) throw new DesignError(`The field ${q(fieldTitle(this.schema, walked))} does not exist.`);
      if (typeof raw.$ref === 'string') {
        const target = resolveRef(this.schema, raw);
        if (!target) throw new DesignError(`The field ${q(fieldTitle(this.schema, walked))} refers to a definition that does not exist.`);
        const copy = clone(target);
        for (const k of ['title', 'description', '$comment']) if (raw[k] !== undefined) copy[k] = raw[k];
        holder[key] = copy;
        copied = true;
        const name = /^#\/definitions\/(.+)$/.exec(raw.$ref)?.[1] ?? raw.$ref;
        this.note(`${q(fieldTitle(this.schema, walked))} now has its own copy of the shared definition ${q(name)}, so changes to it apply there only.`);
        cur = copy;
      } else cur = raw;
    }
    if (copied) {
      const defs = own(this.schema, 'definitions');
      const usedAfter = usedDefinitions(this.schema);
      if (isObject(defs)) {
        for (const name of usedBefore) if (!usedAfter.has(name)) delete defs[name];
        if (Object.keys(defs).length === 0) delete this.schema.definitions;
      }
      this.touch();
    }
    return cur;
  }

  /** The result: the new definition (or the caller's own when nothing changed). */
  result<T extends object>(extra: T = {} as T): { definition: Definition; notes: string[]; renamed?: Rename[] } & T {
    const unchanged = JSON.stringify(this.definition) === JSON.stringify(this.before);
    if (!unchanged) checkLimits(this.definition, this.before);
    const renamed = this.renamed.length ? { renamed: [...this.renamed] } : {};
    return { definition: unchanged && !this.preparedChanged() ? this.input : this.definition, notes: [...this.notes], ...renamed, ...extra };
  }

  private preparedChanged(): boolean {
    return JSON.stringify({ schema: this.input.schema, uischema: this.input.uischema }) !== JSON.stringify(this.before);
  }
}
