import { checkFields } from '../base/view-check.ts';

const KINDS = ['text', 'email', 'long-text', 'select', 'radio', 'checkbox', 'date', 'file'];

/**
 * What is wrong with a wizard view (view.ts's `WizardView`), or null: the element shows nothing it
 * cannot trust and says what was wrong instead.
 */
export function checkWizardView(view: Record<string, unknown>): string | null {
  const problem = checkFields(view, {
    flowId: 'string',
    title: 'string',
    steps: 'array',
    current: 'string',
    status: ['in-progress', 'completed'],
    answers: 'object',
    summary: 'object?',
    followUp: 'object?',
  });
  if (problem) return problem;
  const steps = view.steps as Record<string, unknown>[];
  if (!steps.length) return 'steps must not be empty';
  for (const [i, step] of steps.entries()) {
    const path = `steps[${i}].`;
    const bad =
      checkFields(step, { id: 'string', title: 'string', fields: 'array', tool: 'string', kind: ['form', 'review', undefined], optional: 'boolean?', repeatable: 'object?' }, path) ??
      (step.repeatable ? checkFields((step.repeatable as Record<string, unknown>).noun, { one: 'string', other: 'string' }, `${path}repeatable.noun.`) : null);
    if (bad) return bad;
    for (const [j, field] of (step.fields as unknown[]).entries()) {
      const wrong = checkFields(field, { name: 'string', label: 'string', kind: KINDS, options: 'array?', required: 'boolean?' }, `${path}fields[${j}].`);
      if (wrong) return wrong;
    }
  }
  if (!steps.some((step) => step.id === view.current)) return `current must name one of the steps (got ${JSON.stringify(view.current)})`;
  return (
    (view.summary ? checkFields(view.summary, { title: 'string', text: 'string?', items: 'array?' }, 'summary.') : null) ??
    (view.followUp ? checkFields(view.followUp, { label: 'string', prompt: 'string' }, 'followUp.') : null)
  );
}
