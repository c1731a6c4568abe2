/**
 * A Ciello onboarding as the store keeps it, and as <sky-form-wizard> shows it.
 *
 * Records:
 * - `onboarding:current` → `{ flowId }`: the latest onboarding (the unfinished one, unless it was
 *   completed). One unfinished onboarding per store.
 * - `onboarding:flow:<flowId>` → {@link StoredFlow}: the board, the tasks, the invitations, and the
 *   request ids already applied (so a retry changes nothing). Every write is compare-and-set on its
 *   version.
 * - `onboarding:icon:<flowId>:<request hash>` → {@link StoredIcon}: the board icon's bytes (or the
 *   host's upload reference), written once, outside the flow record; the one replaced is removed.
 * - `onboarding:request:<hash>` → `{ flowId, tool }`: which flow a request id went to, so a retry
 *   that names no flow finds it even after the flow was completed.
 *
 * The stage (`currentStep`, the seed's words) is derived from what the flow holds, never stored.
 */
import type { WizardAnswers, WizardStep } from '../../../components/form-wizard/view.ts';
import { sha256, toHex } from '../../hash.ts';
import { countOf, MAX_TITLE } from '../tasks/tasks.ts';
import type { OnboardingStage, OnboardingView } from './schema.ts';

export const ONBOARDING_TOOLS = {
  start: 'start_onboarding',
  board: 'setup_board',
  task: 'add_task',
  invite: 'invite_teammates',
  complete: 'complete_onboarding',
} as const;

export const MAX_BOARD_NAME = 60;
export const MAX_BOARD_PURPOSE = 200;
export { MAX_TITLE as MAX_TASK_TITLE };
/** Tasks one onboarding may add (more come later, in the task list): keeps the view small. */
export const MAX_TASKS = 10;
export const MAX_INVITES = 10;
export const MAX_ICON_BYTES = 256 * 1024;
export const ICON_TYPES = ['image/png', 'image/jpeg', 'image/webp', 'image/gif'] as const;
export type IconType = (typeof ICON_TYPES)[number];
/** Request ids a flow remembers (the newest); far more than one onboarding makes. */
const MAX_REMEMBERED_REQUESTS = 100;

/** An icon as the flow and the view name it: no bytes, no download address. */
export type IconInfo = { file_name: string; mime_type: string; size: number };

export type StoredFlow = {
  flowId: string;
  board: { id: string; name: string; purpose: string | null; icon: (IconInfo & { key: string }) | null } | null;
  tasks: { id: string; title: string; due: string | null }[];
  /** The addresses invited; null until the invite step was answered or skipped. */
  invite: { emails: string[]; skipped: boolean } | null;
  /** Hashes of the request ids applied, newest last. */
  requests: string[];
  createdAt: string;
  completedAt: string | null;
};

/** The board icon's record: inline bytes (base64) or the host's upload reference. */
export type StoredIcon = IconInfo & ({ data: string } | { file_id: string; download_url: string | null });

export const POINTER_KEY = 'onboarding:current';
export const flowKey = (flowId: string): string => `onboarding:flow:${flowId}`;
/** One icon record per request that sent an icon: a retry writes the same key. */
export const iconKey = (flowId: string, requestId: string): string => `onboarding:icon:${flowId}:${requestHash(requestId)}`;
export const requestHash = (requestId: string): string => toHex(sha256(requestId)).slice(0, 24);
export const requestKey = (requestId: string): string => `onboarding:request:${requestHash(requestId)}`;

/** A new flow id: random, 16 hex digits. */
export function newFlowId(): string {
  return toHex(globalThis.crypto.getRandomValues(new Uint8Array(8)));
}

export function newFlow(flowId: string): StoredFlow {
  return { flowId, board: null, tasks: [], invite: null, requests: [], createdAt: new Date().toISOString(), completedAt: null };
}

/** The flow with a request id remembered (the oldest forgotten past {@link MAX_REMEMBERED_REQUESTS}). */
export function remember(flow: StoredFlow, requestId: string): StoredFlow {
  return { ...flow, requests: [...flow.requests, requestHash(requestId)].slice(-MAX_REMEMBERED_REQUESTS) };
}

export const applied = (flow: StoredFlow, requestId: string): boolean => flow.requests.includes(requestHash(requestId));

/** The seed's stage: how far the flow got. */
export function stageOf(flow: StoredFlow): OnboardingStage {
  if (flow.completedAt) return 'completed';
  if (!flow.board) return 'started';
  if (!flow.tasks.length) return 'board_created';
  return flow.invite ? 'invited' : 'task_added';
}

const STEP_OF_STAGE: Record<OnboardingStage, string> = {
  started: 'board',
  board_created: 'task',
  task_added: 'invite',
  invited: 'review',
  completed: 'review',
};

/** The wizard's steps: fixed (the element's tests name these ids). */
export const STEPS: WizardStep[] = [
  {
    id: 'board',
    title: 'Create your board',
    description: 'A board holds the tasks of one project or team.',
    fields: [
      { name: 'board_name', label: 'Board name', kind: 'text', required: true, maxLength: MAX_BOARD_NAME },
      { name: 'board_purpose', label: 'What is the board for?', kind: 'long-text', maxLength: MAX_BOARD_PURPOSE },
      {
        name: 'board_icon',
        label: 'Board icon',
        kind: 'file',
        hint: 'A PNG, JPEG, WEBP or GIF image, up to 256 KB.',
        accept: ICON_TYPES.join(','),
        maxBytes: MAX_ICON_BYTES,
      },
    ],
    tool: ONBOARDING_TOOLS.board,
  },
  {
    id: 'task',
    title: 'Add your first task',
    repeatable: { noun: { one: 'task', other: 'tasks' }, min: 1 },
    fields: [
      { name: 'title', label: 'Task', kind: 'text', required: true, maxLength: MAX_TITLE },
      { name: 'due_date', label: 'Due date', kind: 'date' },
    ],
    tool: ONBOARDING_TOOLS.task,
  },
  {
    id: 'invite',
    title: 'Invite your teammates',
    optional: true,
    fields: [
      {
        name: 'emails',
        label: 'Email addresses',
        kind: 'email',
        multiple: true,
        hint: `Up to ${MAX_INVITES}, separated by commas or new lines.`,
        autocomplete: 'email',
      },
    ],
    tool: ONBOARDING_TOOLS.invite,
  },
  { id: 'review', title: 'Check your answers', kind: 'review', fields: [], tool: ONBOARDING_TOOLS.complete, submitLabel: 'Finish setup' },
];

export const FOLLOW_UP = { label: 'Show my tasks', prompt: 'Show my tasks' };

/** The view every onboarding tool answers with. */
export function toView(flow: StoredFlow): OnboardingView {
  const stage = stageOf(flow);
  const answers: OnboardingView['answers'] = {};
  const { board } = flow;
  if (board) {
    const given: WizardAnswers = { board_name: board.name };
    if (board.purpose) given.board_purpose = board.purpose;
    if (board.icon) given.board_icon = iconInfo(board.icon);
    answers.board = given;
  }
  if (flow.tasks.length) answers.task = flow.tasks.map(({ title, due }): WizardAnswers => (due ? { title, due_date: due } : { title }));
  if (flow.invite && !flow.invite.skipped) answers.invite = { emails: flow.invite.emails };
  const invited = flow.invite?.emails ?? [];
  return {
    flowId: flow.flowId,
    title: 'Set up Ciello',
    steps: STEPS,
    current: STEP_OF_STAGE[stage],
    status: stage === 'completed' ? 'completed' : 'in-progress',
    answers,
    ...(stage === 'completed'
      ? {
          summary: {
            title: 'Ciello is set up',
            text: `Your board “${board!.name}” is ready${flow.tasks.length ? ', and its tasks are in your task list' : ''}.`,
            items: [
              { label: 'Board', value: board!.name },
              { label: 'Tasks', value: listed(countOf(flow.tasks.length), flow.tasks.map((t) => t.title)) },
              { label: 'Teammates invited', value: invited.length ? listed(`${invited.length} ${invited.length === 1 ? 'person' : 'people'}`, invited) : 'None' },
            ],
          },
          followUp: FOLLOW_UP,
        }
      : {}),
    currentStep: stage,
    board: board ? { id: board.id, name: board.name, purpose: board.purpose, ...(board.icon ? { icon: iconInfo(board.icon) } : {}) } : null,
    tasks: flow.tasks.map(({ id, title, due }) => ({ id, title, due })),
    invited,
  };
}

/** What must come before a step, as a sentence for the model and the user (null: nothing). */
export function missingBefore(flow: StoredFlow, step: 'task' | 'invite' | 'review'): string | null {
  if (!flow.board) return 'The board comes first: create it with setup_board.';
  if (step === 'task') return null;
  if (!flow.tasks.length) return 'At least one task comes first: add it with add_task.';
  if (step === 'invite') return null;
  if (!flow.invite) return 'Inviting teammates comes first: send addresses or skip it with invite_teammates.';
  return null;
}

/** Where the flow is, in a sentence for the model. */
export function stateText(flow: StoredFlow): string {
  if (!flow.board) return 'No board yet.';
  const invite = !flow.invite ? '' : flow.invite.skipped ? ', inviting skipped' : `, ${flow.invite.emails.length} to invite`;
  return `Board “${flow.board.name}”, ${countOf(flow.tasks.length)}${invite}.`;
}

/** What the flow needs next, as a sentence for the model. */
export function nextStepText(flow: StoredFlow): string {
  switch (stageOf(flow)) {
    case 'started':
      return 'Next: create the board (setup_board).';
    case 'board_created':
      return 'Next: add a first task (add_task).';
    case 'task_added':
      return 'Next: add another task (add_task), or invite teammates or skip that step (invite_teammates).';
    case 'invited':
      return 'Next: the user checks the answers and finishes setup (complete_onboarding).';
    case 'completed':
      return 'To show the tasks, call tasks_list.';
  }
}

function iconInfo({ file_name, mime_type, size }: IconInfo): IconInfo {
  return { file_name, mime_type, size };
}

/** "3 tasks: A, B, C", cut at 160 characters. */
function listed(head: string, names: string[]): string {
  const text = `${head}: ${names.join(', ')}`;
  return text.length > 160 ? `${text.slice(0, 159)}…` : text;
}
