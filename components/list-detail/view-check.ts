import { checkFields } from '../base/view-check.ts';

const KINDS = ['text', 'long-text', 'select', 'date', 'checkbox'];

/**
 * What is wrong with a list-detail view (view.ts's `ListDetailView`), or null: the element shows
 * nothing it cannot trust and says what was wrong instead.
 */
export function checkListDetailView(view: Record<string, unknown>): string | null {
  const problem =
    checkFields(view, { noun: 'object', title: 'string', fields: 'array', items: 'array?', selected: 'object?', total: 'number?', statuses: 'array?' }) ??
    checkFields(view.noun, { one: 'string', other: 'string' }, 'noun.');
  if (problem) return problem;
  for (const [i, field] of (view.fields as unknown[]).entries()) {
    const bad = checkFields(field, { name: 'string', label: 'string', kind: KINDS, options: 'array?' }, `fields[${i}].`);
    if (bad) return bad;
  }
  for (const [i, item] of ((view.items as unknown[] | undefined) ?? []).entries()) {
    const bad = checkFields(item, { id: 'string', title: 'string', subtitle: 'string?', status: 'object?' }, `items[${i}].`);
    if (bad) return bad;
  }
  return view.selected ? checkFields(view.selected, { id: 'string', version: 'number', values: 'object' }, 'selected.') : null;
}
