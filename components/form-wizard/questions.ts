import { html, nothing, type TemplateResult } from 'lit';
import { checkField, fieldFrame, fieldParts, renderField, type FieldValue } from '../base/fields.ts';
import type { WizardField } from './view.ts';

/**
 * The wizard's questions: the common kinds from base/fields.ts, and those only a wizard asks —
 * radio groups, lists of email addresses, files — with their checks (email format, a pattern, a
 * file's size and type).
 */

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** A file question's file: one chosen now, or the one the server kept (`saved`). */
export interface ShownFile {
  name: string;
  size: number;
  saved?: boolean;
}

/** One question. `file` is the file of a file question, shown by name and size. */
export function renderQuestion(
  field: WizardField,
  value: FieldValue | undefined,
  error: string | undefined,
  onChange: (value: FieldValue | File) => void,
  file?: ShownFile,
): TemplateResult {
  const parts = fieldParts(field, error);
  const { id, describedBy, invalid, required } = parts;
  if (field.kind === 'radio') {
    return html`<fieldset class="field" aria-describedby=${describedBy}>
      <legend>${parts.label}</legend>
      ${parts.notes}
      ${(field.options ?? []).map(
        (option, i) => html`<div class="choice">
          <input type="radio" id="${id}-${i}" name=${id} .checked=${value === option.value} aria-invalid=${invalid} @change=${() => onChange(option.value)} />
          <label for="${id}-${i}">${option.label}</label>
          ${option.hint ? html`<p class="hint">${option.hint}</p>` : nothing}
        </div>`,
      )}
    </fieldset>`;
  }
  if (field.kind === 'file') {
    return fieldFrame(
      parts,
      html`<input type="file" id=${id} accept=${field.accept ?? nothing} aria-describedby=${describedBy} aria-invalid=${invalid} aria-required=${required}
          @change=${(e: Event) => onChange((e.target as HTMLInputElement).files?.[0] ?? null)} />
        ${file
          ? html`<p class="hint">${file.saved ? 'Sent before' : 'Chosen'}: ${file.name} (${sizeText(file.size)})${file.saved ? '. Choose another to replace it.' : ''}</p>`
          : nothing}`,
    );
  }
  if (field.kind === 'email' && field.multiple) {
    return fieldFrame(
      parts,
      html`<textarea id=${id} rows="3" inputmode="email" autocomplete=${field.autocomplete ?? 'off'} spellcheck="false" aria-describedby=${describedBy}
        aria-invalid=${invalid} aria-required=${required} .value=${typeof value === 'string' ? value : ''} @input=${(e: Event) => onChange((e.target as HTMLTextAreaElement).value || null)}></textarea>`,
    );
  }
  return renderField(field, value, error, onChange);
}

/** What the user must fix in one question before it is sent, or null (a file question: on its `file`). */
export function checkQuestion(field: WizardField, value: FieldValue | undefined, file?: File): string | null {
  if (field.kind === 'file') {
    if (!file) return field.required ? `Choose a file for ${field.label.charAt(0).toLowerCase()}${field.label.slice(1)}.` : null;
    if (field.maxBytes && file.size > field.maxBytes) return `The file must be smaller than ${sizeText(field.maxBytes)} (${file.name} is ${sizeText(file.size)}).`;
    const types = field.accept?.split(',').map((type) => type.trim()) ?? [];
    const fits = (type: string) => (type.startsWith('.') ? file.name.toLowerCase().endsWith(type) : type.endsWith('/*') ? file.type.startsWith(type.slice(0, -1)) : file.type === type);
    if (types.length && !types.some(fits)) return `The file must be ${oneOf(types.map((type) => type.replace(/^.*\/|^\./, '').toUpperCase()))} (${file.name} is not).`;
    return null;
  }
  const problem = checkField(field, value);
  const text = typeof value === 'string' ? value.trim() : '';
  if (problem || !text) return problem;
  if (field.kind === 'email') {
    const wrong = (field.multiple ? emailsOf(text) : [text]).find((address) => !EMAIL.test(address));
    if (wrong) return `Enter ${field.multiple ? 'each' : 'an'} email address in the correct format, like name@example.com (“${wrong}” is not).`;
  }
  if (field.pattern && !matches(field.pattern, text)) return field.patternMessage ?? `Enter ${field.label.toLowerCase()} in the format asked for.`;
  return null;
}

/** The addresses of a list of emails, as typed (commas, spaces, semicolons or new lines between them). */
export function emailsOf(text: string): string[] {
  return text.split(/[\s,;]+/).filter(Boolean);
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
    // A pattern the browser cannot read is the server's mistake, not the user's: the server checks again.
    return true;
  }
}
