import { css, html, nothing, type TemplateResult } from 'lit';

/**
 * Form fields for widgets that ask the user something (the wizard's steps, a record's detail):
 * labelled controls with their hint and error in GOV.UK order (label, hint, error, control), wired with
 * `aria-describedby` and `aria-invalid`; the checks a browser cannot be trusted with in a sandboxed
 * frame (no native form validation runs without `allow-forms`); and the server's field-named refusals
 * (`  - board_name: Enter a board name.`) put back on their fields. Add `fieldStyles` to the widget's styles.
 */

export type FieldKind = 'text' | 'email' | 'long-text' | 'select' | 'radio' | 'checkbox' | 'date' | 'file';

/** A question: what it asks, how it is answered and checked. */
export interface FormField {
  name: string;
  label: string;
  kind: FieldKind;
  required?: boolean;
  hint?: string;
  maxLength?: number;
  /** A regular expression the whole (trimmed) value must match. */
  pattern?: string;
  patternMessage?: string;
  /** Email: several addresses, separated by commas, spaces or new lines. */
  multiple?: boolean;
  options?: { value: string; label: string; hint?: string }[];
  /** File: accepted types, as `<input accept>`. */
  accept?: string;
  /** File: the largest size in bytes. */
  maxBytes?: number;
  autocomplete?: string;
}

/** A value as the user typed or picked it: text (several emails too, as typed), a checkbox's boolean, or null. Files stay outside. */
export type FieldValue = string | boolean | null;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** The id of a field's control (its first choice for radios): what an error summary links to. */
export function fieldId(field: FormField): string {
  return `f-${field.name}${field.kind === 'radio' ? '-0' : ''}`;
}

/**
 * One field. `onChange` gets each new value as the user types or picks (a `File`, or null, for a
 * file field); `file` is the file chosen for a file field, shown by name and size.
 */
export function renderField(
  field: FormField,
  value: FieldValue | undefined,
  error: string | undefined,
  onChange: (value: FieldValue | File) => void,
  file?: File | null,
): TemplateResult {
  const id = `f-${field.name}`;
  const describedBy = [field.hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || nothing;
  const invalid = error ? 'true' : nothing;
  const required = field.required ? 'true' : nothing;
  const text = (event: Event) => onChange((event.target as HTMLInputElement).value || null);
  const notes = html`${field.hint ? html`<p class="hint" id="${id}-hint">${field.hint}</p>` : nothing}${error
    ? html`<p class="field-error" id="${id}-error"><span class="sky-visually-hidden">Error: </span>${error}</p>`
    : nothing}`;
  const label = html`${field.label}${field.required ? nothing : html`<span class="optional"> (optional)</span>`}`;
  const current = typeof value === 'string' ? value : '';
  let control: TemplateResult;
  switch (field.kind) {
    case 'radio':
      return html`<fieldset class="field" aria-describedby=${describedBy}>
        <legend>${label}</legend>
        ${notes}
        ${(field.options ?? []).map(
          (option, i) => html`<div class="choice">
            <input type="radio" id="${id}-${i}" name=${id} .checked=${value === option.value} aria-invalid=${invalid} @change=${() => onChange(option.value)} />
            <label for="${id}-${i}">${option.label}</label>
            ${option.hint ? html`<p class="hint">${option.hint}</p>` : nothing}
          </div>`,
        )}
      </fieldset>`;
    case 'checkbox':
      return html`<div class="field choice">
        <input type="checkbox" id=${id} .checked=${value === true} aria-describedby=${describedBy} aria-invalid=${invalid} @change=${(e: Event) => onChange((e.target as HTMLInputElement).checked)} />
        <label for=${id}>${label}</label>
        ${notes}
      </div>`;
    case 'select':
      control = html`<select id=${id} aria-describedby=${describedBy} aria-invalid=${invalid} aria-required=${required} @change=${text}>
        <option value="" ?selected=${!current}>Choose…</option>
        ${(field.options ?? []).map((option) => html`<option value=${option.value} ?selected=${option.value === current}>${option.label}</option>`)}
      </select>`;
      break;
    case 'file':
      control = html`<input type="file" id=${id} accept=${field.accept ?? nothing} aria-describedby=${describedBy} aria-invalid=${invalid} aria-required=${required}
          @change=${(e: Event) => onChange((e.target as HTMLInputElement).files?.[0] ?? null)} />
        ${file ? html`<p class="hint">Chosen: ${file.name} (${sizeText(file.size)})</p>` : nothing}`;
      break;
    default: {
      if (field.kind === 'long-text' || (field.kind === 'email' && field.multiple)) {
        control = html`<textarea id=${id} rows=${field.multiple ? 3 : 4} inputmode=${field.multiple ? 'email' : nothing} autocomplete=${field.autocomplete ?? nothing}
          aria-describedby=${describedBy} aria-invalid=${invalid} aria-required=${required} .value=${current} @input=${text}></textarea>`;
        break;
      }
      const email = field.kind === 'email';
      control = html`<input id=${id} type=${email || field.kind === 'date' ? field.kind : 'text'} autocomplete=${field.autocomplete ?? (email ? 'email' : 'off')}
        spellcheck=${email ? 'false' : nothing} aria-describedby=${describedBy} aria-invalid=${invalid} aria-required=${required} .value=${current} @input=${text} />`;
    }
  }
  return html`<div class="field"><label for=${id}>${label}</label>${notes}${control}</div>`;
}

/** The addresses of an email field, as typed (commas, spaces, semicolons or new lines between them). */
export function emailsOf(text: string): string[] {
  return text.split(/[\s,;]+/).filter(Boolean);
}

/**
 * What the user must fix in one field before it is sent, in GOV.UK's words ("Enter board name."),
 * or null. A file field is checked on its `file` (size, type).
 */
export function checkField(field: FormField, value: FieldValue | undefined, file?: File | null): string | null {
  const name = field.label.charAt(0).toLowerCase() + field.label.slice(1);
  if (field.kind === 'file') {
    if (!file) return field.required ? `Choose a file for ${name}.` : null;
    if (field.maxBytes && file.size > field.maxBytes) return `The file must be smaller than ${sizeText(field.maxBytes)} (${file.name} is ${sizeText(file.size)}).`;
    const types = field.accept?.split(',').map((type) => type.trim()) ?? [];
    const fits = (type: string) => (type.startsWith('.') ? file.name.toLowerCase().endsWith(type) : type.endsWith('/*') ? file.type.startsWith(type.slice(0, -1)) : file.type === type);
    if (types.length && !types.some(fits)) return `The file must be ${oneOf(types.map((type) => type.replace(/^.*\/|^\./, '').toUpperCase()))} (${file.name} is not).`;
    return null;
  }
  if (field.kind === 'checkbox') return field.required && value !== true ? `Select “${field.label}” to continue.` : null;
  const text = typeof value === 'string' ? value.trim() : '';
  const choice = field.kind === 'select' || field.kind === 'radio';
  if (!text) return field.required ? `${choice ? 'Select' : 'Enter'} ${name}.` : null;
  if (choice && !field.options?.some((option) => option.value === text)) return `Select ${name}.`;
  if (field.maxLength && text.length > field.maxLength) return `${field.label} must be ${field.maxLength} characters or fewer (it has ${text.length}).`;
  if (field.kind === 'email') {
    const wrong = (field.multiple ? emailsOf(text) : [text]).find((address) => !EMAIL.test(address));
    if (wrong) return `Enter ${field.multiple ? 'each' : 'an'} email address in the correct format, like name@example.com (“${wrong}” is not).`;
  }
  if (field.kind === 'date' && Number.isNaN(Date.parse(text))) return `Enter ${name} as a real date.`;
  if (field.pattern && !matches(field.pattern, text)) return field.patternMessage ?? `Enter ${name} in the format asked for.`;
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

/** Bytes for a person: "812 bytes", "12 KB", "1.2 MB". */
export function sizeText(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function oneOf(words: string[]): string {
  return words.length > 1 ? `${words.slice(0, -1).join(', ')} or ${words.at(-1)}` : (words[0] ?? '');
}

function matches(pattern: string, text: string): boolean {
  try {
    return new RegExp(`^(?:${pattern})$`, 'u').test(text);
  } catch {
    // A pattern the browser cannot read is the server's mistake, not the user's: it checks again anyway.
    return true;
  }
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
