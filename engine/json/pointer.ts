/** RFC 6901 JSON Pointer helpers. */

export function escapeToken(token: string | number): string {
  return String(token).replace(/~/g, '~0').replace(/\//g, '~1');
}

export function unescapeToken(token: string): string {
  return token.replace(/~1/g, '/').replace(/~0/g, '~');
}

export function toPointer(tokens: ReadonlyArray<string | number>): string {
  return tokens.map((t) => '/' + escapeToken(t)).join('');
}

export function parsePointer(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw new Error(`not a JSON Pointer: ${pointer}`);
  return pointer.slice(1).split('/').map(unescapeToken);
}

export function joinPointer(base: string, ...tokens: Array<string | number>): string {
  return base + toPointer(tokens);
}

/** Reads the value a pointer names; undefined when any step is missing. Own properties only. */
export function getAt(doc: unknown, pointer: string | readonly string[]): unknown {
  const tokens = typeof pointer === 'string' ? parsePointer(pointer) : pointer;
  let cur: unknown = doc;
  for (const t of tokens) {
    if (Array.isArray(cur)) {
      if (!/^(0|[1-9][0-9]*)$/.test(t)) return undefined;
      cur = cur[Number(t)];
    } else if (cur !== null && typeof cur === 'object') {
      if (!Object.prototype.hasOwnProperty.call(cur, t)) return undefined;
      cur = (cur as Record<string, unknown>)[t];
    } else {
      return undefined;
    }
  }
  return cur;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** A copy of `data` with `value` at an object path (`undefined` removes it); objects on the way are made (anything else there is replaced). Only the path is copied. */
export function setAt(data: Record<string, unknown>, pointer: string, value: unknown): Record<string, unknown> {
  const [head, ...rest] = parsePointer(pointer) as [string, ...string[]];
  const copy = { ...data };
  if (!rest.length) {
    if (value === undefined) delete copy[head];
    else copy[head] = value;
    return copy;
  }
  copy[head] = setAt(isPlainObject(copy[head]) ? copy[head] : {}, toPointer(rest), value);
  return copy;
}
