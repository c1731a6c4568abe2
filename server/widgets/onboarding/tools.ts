/**
 * The Ciello onboarding tools: start_onboarding, setup_board, add_task, invite_teammates and
 * complete_onboarding. All five render the one <sky-form-wizard> (the unified pattern) and answer
 * with the whole flow (OnboardingView: the wizard's view contract plus the seed's `currentStep`,
 * board, tasks and invited addresses), so the widget and the model always see where it is.
 *
 * Rules every step tool keeps:
 * - a step sent before what it needs changes nothing and answers with the current state (not an
 *   error), saying what comes first;
 * - a request id already applied changes nothing and answers with the flow as it is;
 * - `flowId` names the flow; a completed one answers with its state, an unknown one with an error
 *   on `flowId`; without it the latest onboarding is used;
 * - writes are compare-and-set on the flow record's version, retried a few times on a conflict;
 * - what a user can fix is refused with `  - <field>: <sentence>` lines, the format of argument
 *   errors, so the widget shows it on the field.
 */
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import { ToolError } from '../../result.ts';
import type { Store, StoredRecord } from '../../store/types.ts';
import { clip, oneLine } from '../../text.ts';
import { defineTool, type ToolContext } from '../../tools.ts';
import { taskKey, newTaskId, countOf, type StoredTask } from '../tasks/tasks.ts';
import {
  boardIconArg,
  boardNameArg,
  boardPurposeArg,
  dueDateArg,
  emailsArg,
  flowIdArg,
  iconBytes,
  requestIdArg,
  skipArg,
  taskTitleArg,
} from './fields.ts';
import {
  applied,
  flowKey,
  iconKey,
  MAX_TASKS,
  missingBefore,
  newFlow,
  newFlowId,
  nextStepText,
  ONBOARDING_TOOLS,
  POINTER_KEY,
  remember,
  requestKey,
  stateText,
  toView,
  type StoredFlow,
  type StoredIcon,
} from './flow.ts';
import { onboardingViewSchema, type OnboardingView } from './schema.ts';

type OnboardingContext = ToolContext<OnboardingView>;
/** Which flow and tool a request id went to. */
type RequestRecord = { flowId: string; tool: string };

/** Attempts of a compare-and-set write before the call gives up. */
const MAX_ATTEMPTS = 5;

const shared = {
  output: onboardingViewSchema,
  annotations: { readOnlyHint: false, idempotentHint: true },
} as const;

export const startOnboarding = defineTool({
  ...shared,
  name: ONBOARDING_TOOLS.start,
  title: 'Start Ciello onboarding',
  description:
    'Shows the Ciello onboarding form: create a board, add tasks, invite teammates, then check the answers and finish. Call it when ' +
    'the user wants to get started with or set up Ciello. Resumes the unfinished onboarding at its step (same flowId); after a ' +
    'completed one it starts a new one. The user fills in the form; the step tools (setup_board, add_task, invite_teammates, ' +
    'complete_onboarding) can also be called with answers the user gave in the chat.',
  input: z.object({}),
  invoking: 'Opening Ciello setup…',
  invoked: 'Ciello setup ready',
  async handler(_args, ctx) {
    const { flow, resumed, previous } = await startOrResume(ctx);
    const said = resumed
      ? `Resumed the onboarding under way (flowId ${flow.flowId}). ${stateText(flow)}`
      : previous
        ? `The last onboarding (board “${previous.board?.name ?? ''}”) is complete, so this starts a new one (flowId ${flow.flowId}).`
        : `Started the Ciello onboarding (flowId ${flow.flowId}).`;
    return answer(ctx, flow, `${said} ${nextStepText(flow)}`);
  },
});

export const setupBoard = defineTool({
  ...shared,
  name: ONBOARDING_TOOLS.board,
  title: 'Create or change the board',
  description:
    'Creates the onboarding’s board (step 1) from its name, an optional purpose and an optional icon image; when the board exists ' +
    'already, changes it instead (the onboarding stays at its step). Send a fresh requestId. Without flowId it works on the latest ' +
    'onboarding, and starts one if there is none.',
  input: z.object({
    board_name: boardNameArg,
    board_purpose: boardPurposeArg,
    board_icon: boardIconArg,
    flowId: flowIdArg,
    requestId: requestIdArg,
  }),
  meta: { 'openai/fileParams': ['board_icon'] },
  invoking: 'Saving the board…',
  invoked: 'Board saved',
  handler: (args, ctx) =>
    applyStep(ctx, ONBOARDING_TOOLS.board, args, { startIfNone: true }, (flow) => {
      const old = flow.board;
      const file = args.board_icon;
      // Left out: the icon stays (a file field cannot be filled in again on "Change"); null removes it.
      const stored = file ? storedIcon(file) : null;
      const icon = file === undefined ? (old?.icon ?? null) : stored && { ...iconInfoOf(stored), key: iconKey(flow.flowId, args.requestId) };
      const board = { id: old?.id ?? newBoardId(), name: args.board_name, purpose: args.board_purpose || null, icon };
      const replaced = old?.icon && old.icon.key !== icon?.key ? old.icon.key : null;
      return {
        flow: { ...flow, board },
        text: old ? `Changed the board: ${boardWords(board)} (was ${boardWords(old)}).` : `Created the board ${boardWords(board)}.`,
        // The icon's bytes (or upload reference) in their own record, before the flow names it.
        before: stored && icon ? async () => void (await writeOnce<StoredIcon>(ctx.store, icon.key, stored)) : undefined,
        after: replaced ? () => removeQuietly(ctx.store, replaced) : undefined,
      };
    }),
});

export const addTask = defineTool({
  ...shared,
  name: ONBOARDING_TOOLS.task,
  title: 'Add a task to the new board',
  description:
    `Adds one task (a title, an optional due date as YYYY-MM-DD) to the onboarding’s board (step 2); call it again for more, up to ` +
    `${MAX_TASKS}. Needs the board first. The tasks go into the task list (tasks_list) when the onboarding is completed. Send a ` +
    'fresh requestId: a retry never adds the task twice.',
  input: z.object({ title: taskTitleArg, due_date: dueDateArg, flowId: flowIdArg, requestId: requestIdArg }),
  invoking: 'Adding the task…',
  invoked: 'Task added',
  handler: (args, ctx) =>
    applyStep(ctx, ONBOARDING_TOOLS.task, args, {}, (flow) => {
      const missing = missingBefore(flow, 'task');
      if (missing) return { unchanged: `Nothing was added. ${missing}` };
      if (flow.tasks.length >= MAX_TASKS) {
        throw fieldError('Could not add the task', 'title', `You can add up to ${MAX_TASKS} tasks while setting up. Add more from your task list once setup is finished.`);
      }
      const task = { id: newTaskId(), title: args.title, due: args.due_date ?? null };
      const tasks = [...flow.tasks, task];
      return { flow: { ...flow, tasks }, text: `Added the task “${task.title}”${task.due ? ` (due ${task.due})` : ''}; ${countOf(tasks.length)} so far.` };
    }),
});

export const inviteTeammates = defineTool({
  ...shared,
  name: ONBOARDING_TOOLS.invite,
  title: 'Invite teammates',
  description:
    'Sets the email addresses of the teammates to invite to the board (step 3, optional; up to 10; replaces the list sent before), ' +
    'or skips the step with skip: true. Needs the board and a task first. Send a fresh requestId.',
  input: z.object({ emails: emailsArg, skip: skipArg, flowId: flowIdArg, requestId: requestIdArg }),
  invoking: 'Saving the invitations…',
  invoked: 'Invitations saved',
  handler: (args, ctx) =>
    applyStep(ctx, ONBOARDING_TOOLS.invite, args, {}, (flow) => {
      const missing = missingBefore(flow, 'invite');
      if (missing) return { unchanged: `Nothing was saved. ${missing}` };
      if (args.skip) return { flow: { ...flow, invite: { emails: [], skipped: true } }, text: 'Skipped inviting teammates.' };
      const emails = args.emails ?? [];
      if (!emails.length) throw fieldError('Could not save the invitations', 'emails', 'Enter at least one email address, or skip this step.');
      return {
        flow: { ...flow, invite: { emails, skipped: false } },
        text: `${emails.length === 1 ? 'One teammate' : `${emails.length} teammates`} to invite: ${emails.join(', ')}.`,
      };
    }),
});

export const completeOnboarding = defineTool({
  ...shared,
  name: ONBOARDING_TOOLS.complete,
  title: 'Finish Ciello setup',
  description:
    'Finishes the onboarding (the last step, after the user checked the answers): needs the board, at least one task, and the ' +
    'invite step answered or skipped. Its tasks go into the task list (tasks_list shows them). Send a fresh requestId.',
  input: z.object({ flowId: flowIdArg, requestId: requestIdArg }),
  invoking: 'Finishing setup…',
  invoked: 'Ciello is set up',
  handler: (args, ctx) =>
    applyStep(ctx, ONBOARDING_TOOLS.complete, args, {}, (flow) => {
      const missing = missingBefore(flow, 'review');
      if (missing) return { unchanged: `The onboarding is not finished yet. ${missing}` };
      const board = flow.board!;
      const createdAt = new Date().toISOString();
      return {
        flow: { ...flow, completedAt: createdAt },
        text: `Onboarding complete. ${stateText(flow)} The tasks are now in the task list.`,
        // Real tasks in the task store, under the ids the view showed; a retry finds them there.
        before: async () => {
          for (const task of flow.tasks) {
            const notes = clip(`Added while setting up the board “${board.name}”.`, 2000);
            await writeOnce<StoredTask>(ctx.store, taskKey(task.id), { title: task.title, status: 'todo', due: task.due, notes, createdAt });
          }
        },
      };
    }),
});

export const onboardingTools = [startOnboarding, setupBoard, addTask, inviteTeammates, completeOnboarding];

/** What a step decides from the flow as it is: a change (with writes around it), or nothing. */
type StepOutcome =
  | { unchanged: string }
  | { flow: StoredFlow; text: string; before?: () => Promise<void>; after?: () => Promise<void> };

/**
 * Runs one step on its flow: finds the flow, answers a repeat or a completed flow with its state,
 * and otherwise writes what `decide` makes of the flow, compare-and-set on its version (a conflict
 * reads the flow again and decides again). The answer is built before the write, so a view that
 * breaks its contract is never stored.
 */
async function applyStep(
  ctx: OnboardingContext,
  tool: string,
  args: { flowId?: string; requestId: string },
  options: { startIfNone?: boolean },
  decide: (flow: StoredFlow) => StepOutcome,
): Promise<CallToolResult> {
  const earlier = await ctx.store.get<RequestRecord>(requestKey(args.requestId));
  if (earlier && earlier.value.tool !== tool) {
    throw fieldError('Could not use this requestId', 'requestId', `This requestId was already used for ${earlier.value.tool}. Send a fresh requestId for each step.`);
  }
  const flowId = await findFlow(ctx, tool, args, earlier?.value ?? null, options);
  ctx.signal.throwIfAborted();
  // Which flow this request went to, so a retry naming no flow finds it (a new flow may be the latest by then).
  if (!earlier) await writeOnce<RequestRecord>(ctx.store, requestKey(args.requestId), { flowId, tool });
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const record = (await ctx.store.get<StoredFlow>(flowKey(flowId)))!;
    const flow = record.value;
    if (applied(flow, args.requestId)) return answer(ctx, flow, `Already done with this requestId; nothing changed. ${stateText(flow)} ${nextStepText(flow)}`);
    if (flow.completedAt) {
      return answer(ctx, flow, `This onboarding is complete; nothing was changed. ${stateText(flow)} To set up another board, call start_onboarding.`);
    }
    const outcome = decide(flow);
    if ('unchanged' in outcome) return answer(ctx, flow, outcome.unchanged);
    const next = remember(outcome.flow, args.requestId);
    const result = answer(ctx, next, `${outcome.text} ${nextStepText(next)}`);
    ctx.signal.throwIfAborted();
    await outcome.before?.();
    const written = await ctx.store.put<StoredFlow>(flowKey(flowId), next, { expectedVersion: record.version });
    if (written.status === 'conflict') continue;
    await outcome.after?.();
    return result;
  }
  throw new ToolError(`The onboarding changed several times at once, so ${tool} could not be saved. Try again.`);
}

/** The flow a step works on: the one named, the one this request went to before, or the latest. */
async function findFlow(
  ctx: OnboardingContext,
  tool: string,
  args: { flowId?: string },
  earlier: RequestRecord | null,
  options: { startIfNone?: boolean },
): Promise<string> {
  if (args.flowId) {
    if (await ctx.store.get(flowKey(args.flowId))) return args.flowId;
    throw fieldError('Could not find the onboarding', 'flowId', `There is no onboarding “${oneLine(clip(args.flowId, 40))}”. Start one with start_onboarding.`);
  }
  if (earlier && (await ctx.store.get(flowKey(earlier.flowId)))) return earlier.flowId;
  const pointer = await ctx.store.get<{ flowId: string }>(POINTER_KEY);
  if (pointer && (await ctx.store.get(flowKey(pointer.value.flowId)))) return pointer.value.flowId;
  if (options.startIfNone) return (await startOrResume(ctx)).flow.flowId;
  throw new ToolError(`There is no onboarding yet, so ${tool} has nothing to work on. Start one with start_onboarding.`);
}

/**
 * The unfinished onboarding, or a new one (after a completed one, or the first). The pointer is
 * claimed first (compare-and-set), so two calls at once make one flow.
 */
async function startOrResume(ctx: OnboardingContext): Promise<{ flow: StoredFlow; resumed: boolean; previous?: StoredFlow }> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const pointer = await ctx.store.get<{ flowId: string }>(POINTER_KEY);
    let previous: StoredFlow | undefined;
    if (pointer) {
      const record = await ctx.store.get<StoredFlow>(flowKey(pointer.value.flowId));
      // Pointed at but not written yet (a start under way, or one cut short): make it now.
      if (!record) return { flow: await writeOnce(ctx.store, flowKey(pointer.value.flowId), newFlow(pointer.value.flowId)), resumed: false };
      if (!record.value.completedAt) return { flow: record.value, resumed: true };
      previous = record.value;
    }
    ctx.signal.throwIfAborted();
    const flowId = newFlowId();
    const claimed = await ctx.store.put(POINTER_KEY, { flowId }, { expectedVersion: pointer?.version ?? 0 });
    if (claimed.status === 'conflict') continue;
    return { flow: await writeOnce(ctx.store, flowKey(flowId), newFlow(flowId)), resumed: false, ...(previous ? { previous } : {}) };
  }
  throw new ToolError('Several onboardings were being started at once. Try again.');
}

function answer(ctx: OnboardingContext, flow: StoredFlow, text: string): CallToolResult {
  return ctx.result({ text, view: toView(flow), viewId: `onboarding-${flow.flowId}` });
}

/**
 * A refusal the user can act on, worded like argument errors (`  - <field>: <sentence>`), so the
 * widget shows it on the field.
 */
function fieldError(heading: string, field: string, message: string): ToolError {
  return new ToolError(`${heading}:\n  - ${field}: ${message}`);
}

/** Creates a record, or leaves the one already there (a retry); returns the value stored. */
async function writeOnce<T extends StoredRecord['value']>(store: Store, key: string, value: T): Promise<T> {
  const outcome = await store.put<T>(key, value, { expectedVersion: 0 });
  return outcome.status === 'conflict' ? (outcome.current?.value ?? value) : outcome.record.value;
}

async function removeQuietly(store: Store, key: string): Promise<void> {
  const record = await store.get(key);
  if (record) await store.remove(key, { expectedVersion: record.version });
}

/** The icon's record: the bytes when they came inline (their real size), else the host's upload reference. */
function storedIcon(file: NonNullable<z.output<typeof boardIconArg>>): StoredIcon {
  const { file_name, mime_type } = file;
  if (file.data !== undefined) return { file_name, mime_type, size: iconBytes(file.data), data: file.data.replace(/\s+/g, '') };
  return { file_name, mime_type, size: file.size, file_id: file.file_id!, download_url: file.download_url ?? null };
}

function iconInfoOf({ file_name, mime_type, size }: StoredIcon): { file_name: string; mime_type: string; size: number } {
  return { file_name, mime_type, size };
}

function newBoardId(): string {
  return `board-${newFlowId()}`;
}

function boardWords(board: NonNullable<StoredFlow['board']>): string {
  const parts = [board.purpose ? `for “${board.purpose}”` : null, board.icon ? `with the icon ${board.icon.file_name}` : null].filter(Boolean);
  return `“${board.name}”${parts.length ? ` ${parts.join(', ')}` : ''}`;
}
