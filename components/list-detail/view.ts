/**
 * The view contract of <sky-list-detail>: the `structuredContent` its tools return, and the tool
 * names and arguments it calls. Nothing in it is about tasks: any MCP server that returns this shape
 * (tasks, contacts, orders) drives the element with no code. Skylit's task tools
 * (server/widgets/tasks/) are one such server.
 */

export type StatusTone = 'neutral' | 'info' | 'success' | 'warning' | 'danger';

/** One row of the list. */
export interface ListItem {
  id: string;
  title: string;
  subtitle?: string;
  /** A short status badge, e.g. { label: 'Doing', tone: 'info' }. */
  status?: { label: string; tone?: StatusTone };
  /** ISO time of the last change. */
  updatedAt?: string;
}

export type FieldKind = 'text' | 'long-text' | 'select' | 'date' | 'checkbox';

export interface FieldOption {
  value: string;
  label: string;
}

/** How the detail shows and edits one field of a record. */
export interface FieldSpec {
  /** The key in `ListRecord.values`. */
  name: string;
  label: string;
  kind: FieldKind;
  required?: boolean;
  /** Characters, for text and long text. */
  maxLength?: number;
  /** The choices of a select. */
  options?: FieldOption[];
  /** One line of help under the label. */
  hint?: string;
}

/** A field's value: text (dates as YYYY-MM-DD), a checkbox's boolean, or null when empty. */
export type FieldValue = string | boolean | null;

/** The record open in the detail. */
export interface ListRecord {
  id: string;
  /** Its version: an update or delete names it (compare-and-set). */
  version: number;
  values: Record<string, FieldValue>;
  updatedAt?: string;
}

export interface ListFilter {
  /** Words the records contain. */
  text?: string;
  /** One of `statuses`. */
  status?: string;
}

/** What every tool of a list-detail widget returns as `structuredContent`. Small: well under 4k tokens. */
export interface ListDetailView {
  /** What the records are, in words for headings and announcements ("3 tasks loaded"). */
  noun: { one: string; other: string };
  /** The list's heading, e.g. "Tasks". */
  title: string;
  /** How to show and edit a record. */
  fields: FieldSpec[];
  /** The field shown as the record's heading (default "title"). */
  titleField?: string;
  /** The rows of this page, when the result carries the list; absent when it carries only a record. */
  items?: ListItem[];
  /** The cursor of the next page, or null on the last. */
  nextCursor?: string | null;
  /** How many records match the filter in all. */
  total?: number;
  /** The filter the rows reflect. */
  filter?: ListFilter;
  /** The choices of the status filter (absent: no status filter). */
  statuses?: FieldOption[];
  /** The open record; null when the result closes it (after a delete); absent when it says nothing of it. */
  selected?: ListRecord | null;
}

/** The tools the element calls, with their default names (each overridable by attribute). */
export const LIST_DETAIL_TOOLS = {
  list: 'tasks_list',
  get: 'task_get',
  create: 'task_create',
  update: 'task_update',
  delete: 'task_delete',
} as const;

/** Arguments of the list tool: the filter, and the cursor of the page after. */
export interface ListArgs extends ListFilter {
  cursor?: string;
  /** Rows per page. */
  limit?: number;
}

/** Arguments of the get tool. */
export interface GetArgs {
  id: string;
}

/** Arguments of the create tool. `requestId` makes a retry create nothing twice. */
export interface CreateArgs {
  values: Record<string, FieldValue>;
  requestId: string;
}

/** Arguments of the update tool: the changed values, and the version they are based on. */
export interface UpdateArgs {
  id: string;
  values: Record<string, FieldValue>;
  expectedVersion: number;
  requestId: string;
}

/** Arguments of the delete tool (destructive: the element asks first). */
export interface DeleteArgs {
  id: string;
  expectedVersion: number;
  requestId: string;
}
