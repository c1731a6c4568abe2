import { html, nothing, type TemplateResult } from 'lit';
import type { FieldSpec, FieldValue } from './view.ts';

export type Values = Record<string, FieldValue>;

/**
 * One field of the detail, labelled, with its hint and its error under it (`aria-invalid`,
 * `aria-describedby`). `onChange` gets each new value as the user types or picks.
 */
export function renderField(spec: FieldSpec, value: FieldValue, error: string | undefined, onChange: (value: FieldValue) => void): TemplateResult {
  const id = `field-${spec.name}`;
  const described = [spec.hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || nothing;
  const text = (event: Event) => onChange((event.target as HTMLInputElement).value || null);
  const common = { id, described, invalid: error ? 'true' : 'false' };
  let control: TemplateResult;
  switch (spec.kind) {
    case 'long-text':
      control = html`<textarea id=${common.id} rows="4" maxlength=${spec.maxLength ?? nothing} aria-describedby=${common.described} aria-invalid=${common.invalid} aria-required=${spec.required ? 'true' : 'false'} .value=${String(value ?? '')} @input=${text}></textarea>`;
      break;
    case 'select':
      control = html`<select id=${common.id} aria-describedby=${common.described} aria-invalid=${common.invalid} aria-required=${spec.required ? 'true' : 'false'} @change=${text}>
        ${spec.required ? nothing : html`<option value="" ?selected=${!value}>—</option>`}
        ${(spec.options ?? []).map((option) => html`<option value=${option.value} ?selected=${option.value === value}>${option.label}</option>`)}
      </select>`;
      break;
    case 'checkbox':
      return html`<div class="field check">
        <input type="checkbox" id=${common.id} aria-describedby=${common.described} aria-invalid=${common.invalid} .checked=${value === true} @change=${(event: Event) => onChange((event.target as HTMLInputElement).checked)} />
        <label for=${id}>${spec.label}</label>
        ${hintAndError(spec, id, error)}
      </div>`;
    default:
      control = html`<input id=${common.id} type=${spec.kind === 'date' ? 'date' : 'text'} maxlength=${spec.maxLength ?? nothing} autocomplete="off" aria-describedby=${common.described} aria-invalid=${common.invalid} aria-required=${spec.required ? 'true' : 'false'} .value=${String(value ?? '')} @input=${text} />`;
  }
  return html`<div class="field">
    <label for=${id}>${spec.label}${spec.required ? html`<span aria-hidden="true"> *</span>` : nothing}</label>
    ${control} ${hintAndError(spec, id, error)}
  </div>`;
}

function hintAndError(spec: FieldSpec, id: string, error: string | undefined): TemplateResult {
  return html`${spec.hint ? html`<p class="hint" id="${id}-hint">${spec.hint}</p>` : nothing}
  ${error ? html`<p class="field-error" id="${id}-error">${error}</p>` : nothing}`;
}

/** What the user must fix before saving, by field: required fields, maximum lengths. */
export function checkValues(fields: FieldSpec[], values: Values): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const field of fields) {
    const value = values[field.name];
    const empty = value === null || value === undefined || (typeof value === 'string' && !value.trim());
    if (field.required && empty) errors[field.name] = `Enter ${field.label.toLowerCase()}.`;
    else if (field.maxLength && typeof value === 'string' && value.length > field.maxLength) {
      errors[field.name] = `${field.label} must be at most ${field.maxLength} characters (it has ${value.length}).`;
    }
  }
  return errors;
}

/** The server's field-named refusals (`- values.title: must not be empty`), by field. */
export function serverErrors(text: string, fields: FieldSpec[]): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const [, name, message] of text.matchAll(/^\s*-\s*values\.(\w+):\s*(.+)$/gm)) {
    const field = fields.find((f) => f.name === name);
    if (field && message) errors[name!] = `${field.label} ${message}`;
  }
  return errors;
}

/** The fields whose values differ between two sets. */
export function changedFields(fields: FieldSpec[], a: Values, b: Values): FieldSpec[] {
  return fields.filter((field) => (a[field.name] ?? null) !== (b[field.name] ?? null));
}

/** A value as text for a person ("—" when empty). */
export function shown(field: FieldSpec, value: FieldValue | undefined): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  return field.options?.find((option) => option.value === value)?.label ?? value;
}
