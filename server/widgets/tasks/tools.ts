/**
 * The task tools: tasks_list, task_get (reads), task_create, task_update (writes) and task_delete
 * (destructive). All five render the one list-detail widget (the unified pattern): each returns the
 * view contract of components/list-detail/view.ts, the list's rows after a list, the open record after
 * the others. Writes are compare-and-set on the task's version and idempotent by requestId; a
 * conflict answers with the current task.
 */
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import { CONFLICT_META_KEY } from '../../../components/host/results.ts';
import { LIST_DETAIL_TOOLS } from '../../../components/list-detail/view.ts';
import { ToolError, VIEW_ID_META_KEY } from '../../result.ts';
import type { StoredRecord } from '../../store/types.ts';
import { defineTool, type ToolContext } from '../../tools.ts';
import { listDetailViewSchema } from './schema.ts';
import {
  baseView,
  countOf,
  idOf,
  MAX_NOTES,
  MAX_TITLE,
  newTaskId,
  requestKey,
  TASK_PREFIX,
  TASK_STATUSES,
  taskKey,
  toItem,
  toRecord,
  type StoredTask,
} from './tasks.ts';

type TaskContext = ToolContext<z.output<typeof listDetailViewSchema>>;

/** The one view id of the task list: drafts and the selection survive every call and reload. */
const VIEW_ID = 'tasks';

const id = z.string().trim().min(1).max(64).describe('The task id (from tasks_list).');
const requestId = z.string().min(8).max(100).describe('A fresh random id (e.g. a UUID) per intended write; a retry with the same id is not applied twice.');
const expectedVersion = z.number().int().min(1).describe('The version of the task the change is based on (`selected.version` of the last view).');
const title = z.string().trim().min(1, 'must not be empty').max(MAX_TITLE);
const status = z.enum(TASK_STATUSES);
const due = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date as YYYY-MM-DD')
  .refine((text) => !Number.isNaN(Date.parse(`${text}T00:00:00Z`)) && new Date(`${text}T00:00:00Z`).toISOString().startsWith(text), 'is not a real date')
  .nullable();
const notes = z.string().max(MAX_NOTES).nullable();

export const tasksList = defineTool({
  name: LIST_DETAIL_TOOLS.list,
  title: 'List tasks',
  description:
    'Shows the task list (read-only), newest first, one page at a time. Filter by words in the title or notes (`text`) and by ' +
    '`status` (todo, doing, done); pass `cursor` (nextCursor of the last page) for the next page.',
  input: z.object({
    text: z.string().trim().max(100).optional().describe('Only tasks whose title or notes contain these words.'),
    status: status.optional().describe('Only tasks with this status.'),
    cursor: z.string().max(100).optional().describe('nextCursor of the previous page.'),
    limit: z.number().int().min(1).max(50).default(10).describe('Tasks per page (default 10).'),
  }),
  output: listDetailViewSchema,
  annotations: { readOnlyHint: true },
  invoking: 'Loading tasks…',
  invoked: 'Tasks shown',
  async handler({ text, status, cursor, limit }, ctx) {
    const found = await ctx.store.find<StoredTask>(TASK_PREFIX, {
      ...(status ? { where: { status } } : {}),
      ...(text ? { search: { fields: ['title', 'notes'], text } } : {}),
      limit: limit + 1,
      ...(cursor ? { after: taskKey(cursor) } : {}),
    });
    const page = found.records.slice(0, limit);
    const more = found.records.length > limit;
    const filter = { ...(text ? { text } : {}), ...(status ? { status } : {}) };
    const which = text || status ? ` matching ${[text && `“${text}”`, status && `status ${status}`].filter(Boolean).join(' and ')}` : '';
    const shown = page.length ? ` Showing ${page.map((r) => `“${r.value.title}”`).join(', ')}.` : '';
    return ctx.result({
      text: `${countOf(found.total)}${which}.${shown}${more ? ' More on the next page (nextCursor).' : ''}`,
      view: {
        ...baseView(),
        items: page.map((record) => toItem(idOf(record.key), record)),
        nextCursor: more ? idOf(page.at(-1)!.key) : null,
        total: found.total,
        filter,
      },
      viewId: VIEW_ID,
    });
  },
});

export const taskGet = defineTool({
  name: LIST_DETAIL_TOOLS.get,
  title: 'Show a task',
  description: 'Opens one task (read-only): its title, status, due date and notes.',
  input: z.object({ id }),
  output: listDetailViewSchema,
  annotations: { readOnlyHint: true },
  invoking: 'Opening the task…',
  invoked: 'Task shown',
  async handler({ id }, ctx) {
    const record = await load(ctx, id);
    return recordResult(ctx, id, record, `Task “${record.value.title}” (${record.value.status}${record.value.due ? `, due ${record.value.due}` : ''}).`);
  },
});

export const taskCreate = defineTool({
  name: LIST_DETAIL_TOOLS.create,
  title: 'Add a task',
  description: 'Adds a task. `values.title` is required; `status` defaults to todo. Send a fresh `requestId`: a retry never adds it twice.',
  input: z.object({
    values: z.object({ title, status: status.default('todo'), due: due.default(null), notes: notes.default(null) }).strict(),
    requestId,
  }),
  output: listDetailViewSchema,
  annotations: { readOnlyHint: false, idempotentHint: true },
  invoking: 'Adding the task…',
  invoked: 'Task added',
  async handler({ values, requestId }, ctx) {
    // The request remembers the task it made, so a retry (even after a lost answer) finds it.
    const request = requestKey(requestId);
    let remembered = await ctx.store.get<{ id: string }>(request);
    if (!remembered) {
      const claim = await ctx.store.put(request, { id: newTaskId() }, { expectedVersion: 0 });
      remembered = claim.status === 'conflict' ? claim.current! : claim.record;
    }
    const taskId = remembered.value.id;
    const existing = await ctx.store.get<StoredTask>(taskKey(taskId));
    if (existing) return recordResult(ctx, taskId, existing, `Already added with this requestId: task “${existing.value.title}”.`);
    const outcome = await ctx.store.put<StoredTask>(taskKey(taskId), { ...values, createdAt: new Date().toISOString() }, { expectedVersion: 0 });
    const record = outcome.status === 'conflict' ? outcome.current! : outcome.record;
    return recordResult(ctx, taskId, record, `Added task “${record.value.title}”.`);
  },
});

export const taskUpdate = defineTool({
  name: LIST_DETAIL_TOOLS.update,
  title: 'Change a task',
  description:
    'Changes a task: send only the values to change, the version you saw (`expectedVersion`) and a fresh `requestId`. If the task ' +
    'changed meanwhile nothing is saved and the current task comes back.',
  input: z.object({
    id,
    values: z.object({ title, status, due, notes }).partial().strict(),
    expectedVersion,
    requestId,
  }),
  output: listDetailViewSchema,
  annotations: { readOnlyHint: false, idempotentHint: true },
  invoking: 'Saving…',
  invoked: 'Saved',
  async handler({ id, values, expectedVersion, requestId }, ctx) {
    const current = await load(ctx, id);
    const outcome = await ctx.store.put<StoredTask>(taskKey(id), { ...current.value, ...values }, { expectedVersion, idempotencyKey: `task:${id}:update:${requestId}` });
    if (outcome.status === 'conflict') throw conflict(id, expectedVersion, outcome.current ?? current);
    const said = outcome.status === 'replayed' ? 'Already saved with this requestId' : 'Saved';
    return recordResult(ctx, id, outcome.record, `${said}: task “${outcome.record.value.title}” (${outcome.record.value.status}).`);
  },
});

export const taskDelete = defineTool({
  name: LIST_DETAIL_TOOLS.delete,
  title: 'Delete a task',
  description:
    'Deletes a task for good. Ask the user to confirm first. Needs the version you saw (`expectedVersion`) and a fresh `requestId`.',
  input: z.object({ id, expectedVersion, requestId }),
  output: listDetailViewSchema,
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true },
  invoking: 'Deleting…',
  invoked: 'Task deleted',
  async handler({ id, expectedVersion, requestId }, ctx) {
    const outcome = await ctx.store.remove<StoredTask>(taskKey(id), { expectedVersion, idempotencyKey: `task:${id}:delete:${requestId}` });
    if (outcome.status === 'conflict') {
      if (!outcome.current) throw new ToolError(`No task ${id}: it was deleted, or never existed. List tasks with tasks_list.`);
      throw conflict(id, expectedVersion, outcome.current);
    }
    const said = outcome.status === 'replayed' ? 'Already deleted with this requestId' : 'Deleted';
    return ctx.result({ text: `${said}: task “${outcome.record.value.title}”.`, view: { ...baseView(), selected: null }, viewId: VIEW_ID });
  },
});

export const taskTools = [tasksList, taskGet, taskCreate, taskUpdate, taskDelete];

async function load(ctx: TaskContext, id: string): Promise<StoredRecord<StoredTask>> {
  const record = await ctx.store.get<StoredTask>(taskKey(id));
  if (!record) throw new ToolError(`No task ${id}. List tasks with tasks_list.`);
  return record;
}

function recordResult(ctx: TaskContext, id: string, record: StoredRecord<StoredTask>, text: string): CallToolResult {
  return ctx.result({ text, view: { ...baseView(), selected: toRecord(id, record) }, viewId: VIEW_ID });
}

function conflict(id: string, expectedVersion: number, current: StoredRecord<StoredTask>): ToolError {
  return new ToolError(
    `Task ${id} changed meanwhile: it is at version ${current.version}, not ${expectedVersion}. Nothing was saved; showing the current task.`,
    { ...baseView(), selected: toRecord(id, current) },
    { [CONFLICT_META_KEY]: true, [VIEW_ID_META_KEY]: VIEW_ID },
  );
}
