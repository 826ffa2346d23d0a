/** JSON Forms paths (`actions.0.dueDate`) ↔ JSON Pointers (`/actions/0/dueDate`) ↔ element ids. */

export function toPointer(path: string): string {
  return path === '' ? '' : '/' + path.split('.').join('/');
}

export function toPath(pointer: string): string {
  return pointer.split('/').slice(1).join('.');
}

/** The id of the input for a field: stable, valid in HTML and in CSS selectors. */
export function fieldId(path: string): string {
  return 'f-' + (path === '' ? 'form' : path.replace(/\./g, '--'));
}

export function getIn(data: unknown, path: string): unknown {
  if (path === '') return data;
  let cur = data;
  for (const key of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}

/** A copy of `data` with `value` at `path` (`undefined` removes it); only the path is copied. */
export function setIn(data: unknown, path: string, value: unknown): unknown {
  if (path === '') return value;
  const [head, ...rest] = path.split('.') as [string, ...string[]];
  const index = /^\d+$/.test(head) ? Number(head) : null;
  const container: Record<string, unknown> | unknown[] = Array.isArray(data) ? [...data] : data && typeof data === 'object' ? { ...(data as Record<string, unknown>) } : index !== null ? [] : {};
  const child = rest.length ? setIn((container as Record<string, unknown>)[head], rest.join('.'), value) : value;
  if (Array.isArray(container) && index !== null) container[index] = child;
  else if (child === undefined) delete (container as Record<string, unknown>)[head];
  else (container as Record<string, unknown>)[head] = child;
  return container;
}
