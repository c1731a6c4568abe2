import { css, html, nothing, type TemplateResult } from 'lit';

/**
 * Form fields for widgets that ask the user something (the wizard's steps, a record's detail):
 * labelled controls with their hint and error in GOV.UK order (label, hint, error, control), wired with
 * `aria-describedby` and `aria-invalid`; the checks a browser cannot be trusted with in a sandboxed
 * frame (no native form validation runs without `allow-forms`); and the server's field-named refusals
 * (`  - board_name: Enter a board name.`) put back on their fields. Add `fieldStyles` to the widget's styles.
 */

export type { FieldKind, FormField } from './form-field.ts';
import type { FormField } from './form-field.ts';

/** A value as the user typed or picked it: text (several emails too, as typed), a checkbox's boolean, or null. Files stay outside. */
export type FieldValue = string | boolean | null;

/** The id of a field's control (its first choice for radios): what an error summary links to. */
export function fieldId(field: FormField): string {
  return `field-${field.name}${field.kind === 'radio' ? '-0' : ''}`;
}

/** What every field's template needs: its id, its ARIA values, its label and notes (hint, then error). */
export function fieldParts(field: FormField, error: string | undefined) {
  const id = `field-${field.name}`;
  return {
    id,
    describedBy: [field.hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || nothing,
    invalid: error ? 'true' : nothing,
    required: field.required ? 'true' : nothing,
    label: html`${field.label}${field.required ? nothing : html`<span class="optional"> (optional)</span>`}`,
    notes: html`${field.hint ? html`<p class="hint" id="${id}-hint">${field.hint}</p>` : nothing}${error
      ? html`<p class="field-error" id="${id}-error"><span class="sky-visually-hidden">Error: </span>${error}</p>`
      : nothing}`,
  };
}

export type FieldParts = ReturnType<typeof fieldParts>;

/** A field with its control: label, notes, control (GOV.UK's order). */
export function fieldFrame(parts: FieldParts, control: TemplateResult): TemplateResult {
  return html`<div class="field"><label for=${parts.id}>${parts.label}</label>${parts.notes}${control}</div>`;
}

/**
 * One field of the common kinds (text, email, date, long text, select, checkbox). `onChange` gets
 * each new value as the user types or picks.
 */
export function renderField(field: FormField, value: FieldValue | undefined, error: string | undefined, onChange: (value: FieldValue) => void): TemplateResult {
  const parts = fieldParts(field, error);
  const { id, describedBy, invalid, required } = parts;
  const text = (event: Event) => onChange((event.target as HTMLInputElement).value || null);
  const current = typeof value === 'string' ? value : '';
  switch (field.kind) {
    case 'checkbox':
      return html`<div class="field choice">
        <input type="checkbox" id=${id} .checked=${value === true} aria-describedby=${describedBy} aria-invalid=${invalid} @change=${(e: Event) => onChange((e.target as HTMLInputElement).checked)} />
        <label for=${id}>${parts.label}</label>
        ${parts.notes}
      </div>`;
    case 'select':
      return fieldFrame(
        parts,
        html`<select id=${id} aria-describedby=${describedBy} aria-invalid=${invalid} aria-required=${required} @change=${text}>
          ${field.required && current ? nothing : html`<option value="" ?selected=${!current}>Choose…</option>`}
          ${(field.options ?? []).map((option) => html`<option value=${option.value} ?selected=${option.value === current}>${option.label}</option>`)}
        </select>`,
      );
    case 'long-text':
      return fieldFrame(
        parts,
        html`<textarea id=${id} rows="4" aria-describedby=${describedBy} aria-invalid=${invalid} aria-required=${required} .value=${current} @input=${text}></textarea>`,
      );
    default: {
      const email = field.kind === 'email';
      return fieldFrame(
        parts,
        html`<input id=${id} type=${email || field.kind === 'date' ? field.kind : 'text'} autocomplete=${field.autocomplete ?? (email ? 'email' : 'off')}
          spellcheck=${email ? 'false' : nothing} aria-describedby=${describedBy} aria-invalid=${invalid} aria-required=${required} .value=${current} @input=${text} />`,
      );
    }
  }
}

/**
 * What the user must fix in a field of the common kinds before it is sent, in GOV.UK's words
 * ("Enter board name."), or null: required, a known choice, the maximum length, a real date.
 */
export function checkField(field: FormField, value: FieldValue | undefined): string | null {
  const name = field.label.charAt(0).toLowerCase() + field.label.slice(1);
  if (field.kind === 'checkbox') return field.required && value !== true ? `Select “${field.label}” to continue.` : null;
  const text = typeof value === 'string' ? value.trim() : '';
  const choice = field.kind === 'select' || field.kind === 'radio';
  if (!text) return field.required ? `${choice ? 'Select' : 'Enter'} ${name}.` : null;
  if (choice && !field.options?.some((option) => option.value === text)) return `Select ${name}.`;
  if (field.maxLength && text.length > field.maxLength) return `${field.label} must be ${field.maxLength} characters or fewer (it has ${text.length}).`;
  if (field.kind === 'date' && Number.isNaN(Date.parse(text))) return `Enter ${name} as a real date.`;
  return null;
}

/**
 * The server's refusal, by field: each `- <field>[.<part>]: <message>` line of a tool error whose
 * field is one of `fields` (a message in lower case gets the field's label in front). `rest` is what
 * names no field.
 */
export function serverErrors(text: string, fields: readonly FormField[], prefix = ''): { errors: Record<string, string>; rest: string } {
  const errors: Record<string, string> = {};
  const rest = text.replace(/^\s*-\s*([\w.]+):\s*(.+)$\n?/gm, (line, path: string, message: string) => {
    const field = fields.find((f) => path === prefix + f.name || path.startsWith(`${prefix}${f.name}.`));
    if (!field) return line;
    errors[field.name] ??= /^[a-z]/.test(message) ? `${field.label} ${message}` : message;
    return '';
  });
  return { errors, rest: rest.trim() };
}

/** An answer as text for a person: "—" when empty, a choice's label, Yes/No, a file's name. */
export function shownValue(field: FormField, value: unknown): string {
  if (value === null || value === undefined || value === '' || (Array.isArray(value) && !value.length)) return '—';
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  if (Array.isArray(value)) return value.join(', ');
  if (typeof value === 'object') return String((value as { file_name?: unknown }).file_name ?? '—');
  return field.options?.find((option) => option.value === value)?.label ?? String(value);
}

export const fieldStyles = css`
  .fields {
    display: grid;
    gap: 1rem;
  }
  .field {
    display: grid;
    gap: 0.25rem;
    min-width: 0;
    margin: 0;
    padding: 0;
    border: 0;
  }
  .field > label,
  legend {
    padding: 0;
    font-weight: 600;
  }
  .optional {
    font-weight: 400;
    color: var(--sky-color-text-muted);
  }
  .choice {
    display: grid;
    grid-template-columns: auto 1fr;
    gap: 0 0.5rem;
    align-items: center;
  }
  .choice input {
    width: 1.25rem;
    height: 1.25rem;
    margin: 0;
    accent-color: var(--sky-color-accent);
  }
  .hint,
  .field-error {
    grid-column: 1 / -1;
    margin: 0;
    font-size: var(--sky-font-size-small);
    color: var(--sky-color-text-muted);
  }
  .choice .hint {
    grid-column: 2;
  }
  .field-error {
    font-weight: 600;
    color: var(--sky-color-danger);
  }
  input:not([type='radio'], [type='checkbox']),
  select,
  textarea {
    box-sizing: border-box;
    width: 100%;
    min-height: 2.5rem;
    padding: 0.375rem 0.625rem;
    font: inherit;
    color: inherit;
    background: var(--sky-color-surface);
    border: 1px solid var(--sky-color-border);
    border-radius: var(--sky-radius-small);
  }
  input[type='file'] {
    padding: 0.375rem;
  }
  textarea {
    resize: vertical;
  }
  [aria-invalid='true'] {
    border-color: var(--sky-color-danger);
    box-shadow: 0 0 0 1px var(--sky-color-danger);
  }
`;
