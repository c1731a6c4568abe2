/**
 * A small check for a widget's `checkView` (the contract a host or another server may break): it
 * names what is wrong in words a developer can act on, e.g. `moves must be an array (got a string)`.
 * No schema library: this ships inside the widget bundle.
 */

/** What a value is, in words: "a string", "null", "an array", … */
export function kindOf(value: unknown): string {
  return value === undefined ? 'nothing' : value === null ? 'null' : withArticle(Array.isArray(value) ? 'array' : typeof value);
}

/** A field's type (`?` after it: may be absent or null), or the values it may take. */
export type FieldSpec = `${'string' | 'number' | 'boolean' | 'object' | 'array'}${'' | '?'}` | readonly unknown[];

/** Checks each named field of `value`; returns the first problem, or null. */
export function checkFields(value: unknown, fields: Record<string, FieldSpec>, path = ''): string | null {
  if (kindOf(value) !== 'an object') return `${path || 'the view'} must be an object (got ${kindOf(value)})`;
  for (const [name, spec] of Object.entries(fields)) {
    const field = (value as Record<string, unknown>)[name];
    if (typeof spec !== 'string') {
      if (!spec.includes(field)) return `${path}${name} must be one of ${spec.map((v) => JSON.stringify(v)).join(', ')} (got ${JSON.stringify(field) ?? 'nothing'})`;
    } else if (!(spec.endsWith('?') && field == null)) {
      const wanted = withArticle(spec.replace('?', ''));
      if (kindOf(field) !== wanted) return `${path}${name} must be ${wanted} (got ${kindOf(field)})`;
    }
  }
  return null;
}

/** "an object", "a string". */
function withArticle(type: string): string {
  return `${/^[aeiou]/.test(type) ? 'an' : 'a'} ${type}`;
}
