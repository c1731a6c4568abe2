/**
 * A task as the store keeps it (key `task:<id>`, one record per task, versioned), and how it is shown
 * through the list-detail view contract: rows, the open record, and the fields the detail edits.
 * Ids sort newest first, so the store's key order is the list's order.
 */
import type { FieldOption, FieldSpec, ListDetailView, ListItem, ListRecord, StatusTone } from '../../../components/list-detail/view.ts';
import { sha256, toHex } from '../../hash.ts';
import type { StoredRecord } from '../../store/types.ts';

export const TASK_STATUSES = ['todo', 'doing', 'done'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

/** The stored value of a task. */
export type StoredTask = {
  title: string;
  status: TaskStatus;
  /** YYYY-MM-DD, or null. */
  due: string | null;
  notes: string | null;
  createdAt: string;
};

export const TASK_PREFIX = 'task:';
export const taskKey = (id: string): string => `${TASK_PREFIX}${id}`;
export const MAX_TITLE = 120;
export const MAX_NOTES = 2000;

const STATUS_WORDS: Record<TaskStatus, { label: string; tone: StatusTone }> = {
  todo: { label: 'To do', tone: 'neutral' },
  doing: { label: 'Doing', tone: 'info' },
  done: { label: 'Done', tone: 'success' },
};

export const STATUS_OPTIONS: FieldOption[] = TASK_STATUSES.map((value) => ({ value, label: STATUS_WORDS[value].label }));

/** How the detail shows and edits a task. */
export const TASK_FIELDS: FieldSpec[] = [
  { name: 'title', label: 'Title', kind: 'text', required: true, maxLength: MAX_TITLE },
  { name: 'status', label: 'Status', kind: 'select', required: true, options: STATUS_OPTIONS },
  { name: 'due', label: 'Due date', kind: 'date', hint: 'Optional.' },
  { name: 'notes', label: 'Notes', kind: 'long-text', maxLength: MAX_NOTES },
];

/** What every task view carries: the words, the fields and the status filter. */
export function baseView(): ListDetailView {
  return { noun: { one: 'task', other: 'tasks' }, title: 'Tasks', fields: TASK_FIELDS, titleField: 'title', statuses: STATUS_OPTIONS };
}

/** A row of the list. */
export function toItem(id: string, record: StoredRecord<StoredTask>): ListItem {
  const { title, status, due, notes } = record.value;
  const subtitle = due ? `Due ${due}` : notes ? excerpt(notes) : undefined;
  return { id, title, ...(subtitle ? { subtitle } : {}), status: STATUS_WORDS[status], updatedAt: record.updatedAt };
}

/** The open record. */
export function toRecord(id: string, record: StoredRecord<StoredTask>): ListRecord {
  const { title, status, due, notes } = record.value;
  return { id, version: record.version, values: { title, status, due, notes }, updatedAt: record.updatedAt };
}

/** The id of a stored key. */
export const idOf = (key: string): string => key.slice(TASK_PREFIX.length);

let lastTime = 0;

/**
 * A new task id that sorts before every older one (newest first in key order): a clock that never
 * repeats within this process, then random bits so two processes never collide.
 */
export function newTaskId(now = Date.now()): string {
  lastTime = Math.max(now, lastTime + 1);
  const inverted = (8.64e15 - lastTime).toString(36).padStart(11, '0');
  return inverted + toHex(globalThis.crypto.getRandomValues(new Uint8Array(4)));
}

/** The key under which a create request remembers the task it made (a retry finds the same task). */
export function requestKey(requestId: string): string {
  return `task-request:${toHex(sha256(requestId)).slice(0, 32)}`;
}

function excerpt(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > 80 ? `${line.slice(0, 79)}…` : line;
}

/** "3 tasks" / "1 task". */
export function countOf(n: number): string {
  return `${n} task${n === 1 ? '' : 's'}`;
}
