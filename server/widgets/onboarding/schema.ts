/**
 * The zod form of <sky-form-wizard>'s view contract (components/form-wizard/view.ts), and the
 * onboarding view: that contract with Ciello's extras (the seed's `currentStep`, the board, the tasks
 * and the invited addresses), the output schema of every onboarding tool. Compile-time checks below
 * keep each in step with its interface.
 */
import { z } from 'zod';
import type { WizardView } from '../../../components/form-wizard/view.ts';

const field = z.object({
  name: z.string(),
  label: z.string(),
  kind: z.enum(['text', 'email', 'long-text', 'select', 'radio', 'checkbox', 'date', 'file']),
  required: z.boolean().optional(),
  hint: z.string().optional(),
  maxLength: z.number().int().optional(),
  pattern: z.string().optional(),
  patternMessage: z.string().optional(),
  multiple: z.boolean().optional(),
  options: z.array(z.object({ value: z.string(), label: z.string(), hint: z.string().optional() })).optional(),
  accept: z.string().optional(),
  maxBytes: z.number().int().optional(),
  autocomplete: z.string().optional(),
});

const step = z.object({
  id: z.string(),
  title: z.string(),
  description: z.string().optional(),
  kind: z.enum(['form', 'review']).optional(),
  optional: z.boolean().optional(),
  repeatable: z.object({ noun: z.object({ one: z.string(), other: z.string() }), min: z.number().int().min(0).optional() }).optional(),
  fields: z.array(field),
  tool: z.string(),
  submitLabel: z.string().optional(),
});

/** A file as a view names it: never its bytes or where to download it. */
const fileInfo = z.object({ file_name: z.string(), mime_type: z.string(), size: z.number().int().min(0) });
const value = z.union([z.string(), z.boolean(), z.array(z.string()), fileInfo, z.null()]);
const answers = z.record(z.string(), value);

export const wizardViewSchema = z.object({
  flowId: z.string(),
  title: z.string(),
  steps: z.array(step),
  current: z.string(),
  status: z.enum(['in-progress', 'completed']),
  answers: z.record(z.string(), z.union([answers, z.array(answers)])),
  summary: z
    .object({ title: z.string(), text: z.string().optional(), items: z.array(z.object({ label: z.string(), value: z.string() })).optional() })
    .optional(),
  followUp: z.object({ label: z.string(), prompt: z.string() }).optional(),
});

/** Where a Ciello onboarding is, in the seed's words (kept for models and the seed's clients). */
export const ONBOARDING_STAGES = ['started', 'board_created', 'task_added', 'invited', 'completed'] as const;
export type OnboardingStage = (typeof ONBOARDING_STAGES)[number];

export const onboardingViewSchema = wizardViewSchema.extend({
  currentStep: z.enum(ONBOARDING_STAGES),
  board: z
    .object({ id: z.string(), name: z.string(), purpose: z.string().nullable(), icon: fileInfo.optional() })
    .nullable(),
  tasks: z.array(z.object({ id: z.string(), title: z.string(), due: z.string().nullable() })),
  invited: z.array(z.string()),
});

export type OnboardingView = z.output<typeof onboardingViewSchema>;

/** Exact type equality (an optional field missing on one side counts, unlike mutual `extends`). */
type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
/** Fails to compile when the schema and the WizardView interface drift apart. */
export const VIEW_SCHEMA_MATCHES_CONTRACT: Same<z.output<typeof wizardViewSchema>, WizardView> = true;
/** Fails to compile when an onboarding view is not a WizardView the element can render. */
export const ONBOARDING_VIEW_IS_A_WIZARD_VIEW: OnboardingView extends WizardView ? true : false = true;
