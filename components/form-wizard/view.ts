/**
 * The view contract of <sky-form-wizard>: the `structuredContent` every tool of a flow returns, and
 * the arguments the element sends to each step's tool. The flow is the server's: its steps, where the
 * user is and the answers so far all come in the view, so one element runs any flow (onboarding,
 * a booking, a support request) with no code. Skylit's onboarding tools (server/widgets/onboarding/)
 * are one such server.
 */
import type { FieldKind, FormField } from '../base/form-field.ts';

/** The kinds of question (base/fields.ts renders and checks them; base/form-field.ts defines them). */
export type WizardFieldKind = FieldKind;

/**
 * One question of a step (base/fields.ts's `FormField`): `name` is the argument name the step's
 * tool gets; `required`, `maxLength`, `pattern` (with `patternMessage`), email format and a file's
 * `accept` and `maxBytes` (default {@link DEFAULT_MAX_FILE_BYTES}) are checked before sending.
 */
export type WizardField = FormField;

/** A choice of a select or radio group. */
export type WizardOption = NonNullable<FormField['options']>[number];

/**
 * A file as a step's tool receives it. On ChatGPT (with the tool's `openai/fileParams` naming the
 * field) it is uploaded to the host first and the tool gets `file_id` and `download_url`; on other
 * hosts the bytes come inline as base64 `data`, up to the field's `maxBytes`.
 */
export interface WizardFile {
  file_name: string;
  mime_type: string;
  /** Bytes. */
  size: number;
  /** ChatGPT: the host's id of the uploaded file. */
  file_id?: string;
  /** ChatGPT: where the server fetches the bytes. */
  download_url?: string;
  /** Other hosts: the bytes, base64. */
  data?: string;
}

/** What a view says a step was answered with (files by name, type and size only). */
export type WizardValue = string | boolean | string[] | Pick<WizardFile, 'file_name' | 'mime_type' | 'size'> | null;

/** One set of answers, by field name. */
export type WizardAnswers = Record<string, WizardValue>;

export interface WizardStep {
  id: string;
  /** The question or task of the step, shown as its heading: "Create your board". */
  title: string;
  /** A paragraph under the heading. */
  description?: string;
  /**
   * `form` (default): questions, then Continue. `review`: "Check your answers" — every answer of the
   * steps before it, each with a Change link — then the final submit.
   */
  kind?: 'form' | 'review';
  /** Offers Skip: the step's tool is called with `skip: true` and no answers. */
  optional?: boolean;
  /**
   * "Add another": each submit adds one item (`answers[id]` is then the list of items), and the step
   * offers to add another or continue. `min` items are needed before Continue (default 1, or 0 when
   * the step is optional).
   */
  repeatable?: { noun: { one: string; other: string }; min?: number };
  fields: WizardField[];
  /** The tool this step's Continue calls, with {@link StepArgs}. */
  tool: string;
  /** The Continue button's words (default "Continue"; the review step's default "Submit"). */
  submitLabel?: string;
}

/** What every tool of a wizard flow returns as `structuredContent`. */
export interface WizardView {
  /** One run of the flow. Drafts are kept per flow and step; every step's call names it. */
  flowId: string;
  /** The flow's name, e.g. "Set up Ciello". */
  title: string;
  steps: WizardStep[];
  /**
   * The step the flow is at: the first one not done. Steps before it are done (and can be changed);
   * the element never shows a step after it.
   */
  current: string;
  /** `completed` once the last step went through: the element shows `summary` and `followUp`. */
  status: 'in-progress' | 'completed';
  /** The answers so far, by step id; a repeatable step's are a list of items. A skipped step has none. */
  answers: Record<string, WizardAnswers | WizardAnswers[]>;
  /** What the completed flow made, in words. */
  summary?: { title: string; text?: string; items?: { label: string; value: string }[] };
  /** The one next action of a completed flow: a message the host sends as the user (e.g. "Show my tasks"). */
  followUp?: { label: string; prompt: string };
}

/**
 * The arguments of a step's tool: the step's answers by field name (an empty answer is left out; a
 * checkbox is a boolean; a multiple email field an array; a file a {@link WizardFile}), with the flow
 * and a request id. The same `requestId` comes again only for a retry of the same answers, so a
 * server can answer a repeat with the state it already reached.
 */
export type StepArgs = Record<string, unknown> & {
  flowId: string;
  requestId: string;
  /** Present (true) when the user skipped an optional step: no answers come with it. */
  skip?: true;
};

/** The largest file sent inline when a field names no `maxBytes`. */
export const DEFAULT_MAX_FILE_BYTES = 256 * 1024;
