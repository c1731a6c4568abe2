/**
 * The list-detail widget: <sky-list-detail> (components/list-detail/) with the task tools, a small
 * task tracker on the store. Listed in server/widgets/index.ts as a built-in widget.
 */
import { LIST_DETAIL_TOOLS } from '../../../components/list-detail/view.ts';
import { defineWidget } from '../../registry.ts';
import type { Store } from '../../store/types.ts';
import { newTaskId, taskKey, type StoredTask } from './tasks.ts';
import { taskTools } from './tools.ts';

export const LIST_DETAIL_WIDGET_ID = 'dev.skylit.list-detail';

export const listDetailWidget = defineWidget({
  manifest: {
    id: LIST_DETAIL_WIDGET_ID,
    name: 'list-detail',
    title: 'Tasks',
    version: '1.0.0',
    tag: 'sky-list-detail',
    entry: 'components/list-detail/define.ts',
    description:
      'A list of records with a detail view: browse, filter, open, edit and save tasks, by mouse, touch, keyboard or screen reader, ' +
      'with drafts that survive a reload and conflicting edits shown side by side.',
    csp: { connectDomains: [], resourceDomains: [], frameDomains: [], redirectDomains: [] },
    prefersBorder: true,
    preview: { tool: LIST_DETAIL_TOOLS.list, args: {} },
  },
  tools: taskTools,
  seed: seedTasks,
});

const SEEDED = 'tasks:seeded';

/** A few example tasks, once per store (so a new user sees a list, and an emptied list stays empty). */
export async function seedTasks(store: Store): Promise<void> {
  if (await store.get(SEEDED)) return;
  const claim = await store.put(SEEDED, { at: new Date().toISOString() }, { expectedVersion: 0 });
  if (claim.status !== 'written') return;
  const examples: Omit<StoredTask, 'createdAt'>[] = [
    { title: 'Write the release notes', status: 'doing', due: null, notes: 'What changed for users, and what to upgrade.' },
    { title: 'Review the accessibility audit', status: 'todo', due: '2026-12-04', notes: null },
    { title: 'Book the team offsite', status: 'todo', due: null, notes: 'Two days, somewhere reachable by train.' },
    { title: 'Renew the TLS certificate', status: 'done', due: '2026-11-15', notes: null },
    { title: 'Answer the support backlog', status: 'todo', due: '2026-11-28', notes: 'Oldest first.' },
  ];
  // The first example is the newest: made last.
  for (const task of examples.reverse()) {
    await store.put(taskKey(newTaskId()), { ...task, createdAt: new Date().toISOString() }, { expectedVersion: 0 });
  }
}

export { taskTools } from './tools.ts';
