/**
 * What a form field asks (types only, no Lit: view contracts that name fields import this, and the
 * server package carries those contracts). Rendered and checked by ./fields.ts.
 */

export type FieldKind = 'text' | 'email' | 'long-text' | 'select' | 'radio' | 'checkbox' | 'date' | 'file';

/** A question: what it asks, how it is answered and checked. */
export interface FormField {
  /** The key of its value (the argument name a tool gets). */
  name: string;
  label: string;
  kind: FieldKind;
  required?: boolean;
  /** One line of help under the label. */
  hint?: string;
  /** Characters, for text, email and long text. */
  maxLength?: number;
  /** A regular expression (JavaScript source, no flags) the whole trimmed value must match: text and long text. */
  pattern?: string;
  /** What to say when the value does not match `pattern`, e.g. "Enter a board name using letters and numbers". */
  patternMessage?: string;
  /** Email: several addresses, separated by commas, spaces or new lines (a wizard sends them as an array). */
  multiple?: boolean;
  /** The choices of a select or radio group (a radio choice may have a hint). */
  options?: { value: string; label: string; hint?: string }[];
  /** File: the types accepted, as an `<input accept>` (e.g. "image/png,image/jpeg"). */
  accept?: string;
  /** File: the largest file accepted, in bytes. */
  maxBytes?: number;
  /** An `autocomplete` token for the browser (e.g. "email", "organization"). */
  autocomplete?: string;
}
