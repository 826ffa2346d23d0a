/**
 * Questions a form requires only when they are shown. The schema says so with a conditional next
 * to the display rule (`allOf: [{ if, then: { required: [...] } }]`, the templates' and the
 * designer's pattern), which JSON Forms does not read: it marks a question required only from
 * its object's plain `required` list, and would label these "(optional)".
 */

/** Schema paths (`decision/escalationDetails`, `actions/*\/dueDate`) required in some `then`/`else`. */
function collect(node: unknown, path: string[], conditional: boolean, out: Set<string>, depth: number): void {
  if (!node || typeof node !== 'object' || depth > 40) return;
  const s = node as Record<string, unknown>;
  if (conditional && Array.isArray(s.required)) for (const name of s.required) if (typeof name === 'string') out.add([...path, name].join('/'));
  if (s.properties && typeof s.properties === 'object') {
    for (const [name, child] of Object.entries(s.properties as Record<string, unknown>)) collect(child, [...path, name], conditional, out, depth + 1);
  }
  if (s.items && typeof s.items === 'object' && !Array.isArray(s.items)) collect(s.items, [...path, '*'], conditional, out, depth + 1);
  for (const key of ['allOf', 'anyOf', 'oneOf'] as const) {
    if (Array.isArray(s[key])) for (const branch of s[key] as unknown[]) collect(branch, path, conditional, out, depth + 1);
  }
  // `if` only tests answers; what `then` and `else` require is required in that case.
  collect(s.then, path, true, out, depth + 1);
  collect(s.else, path, true, out, depth + 1);
}

/** Whether the answer at a JSON Forms path (`actions.0.dueDate`) is required when it is shown. */
export function requiredWhenShown(schema: unknown): (path: string) => boolean {
  const paths = new Set<string>();
  collect(schema, [], false, paths, 0);
  return (path) => paths.size > 0 && paths.has(path.split('.').map((t) => (/^\d+$/.test(t) ? '*' : t)).join('/'));
}
