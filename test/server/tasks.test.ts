// The task tools over the official SDK client: list with filter and paging, open, create, change and
// delete, compare-and-set and idempotent writes (a conflict returns the current task), field-named
// errors for bad input, and the example tasks a new store gets once.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { CONFLICT_META_KEY } from '../../components/host/results.ts';
import type { ListDetailView, ListRecord } from '../../components/list-detail/view.ts';
import { createSkylitApp } from '../../server/app.ts';
import { startHttpServer, type RunningHttpServer } from '../../server/http.ts';
import { silentLogger } from '../../server/log.ts';
import { bundlePath, DIALECTS } from '../../server/resources.ts';
import { VIEW_ID_META_KEY, WIDGET_ID_META_KEY } from '../../server/result.ts';
import { openSqliteStore } from '../../server/store/sqlite.ts';
import type { Store } from '../../server/store/types.ts';
import { LIST_DETAIL_WIDGET_ID, listDetailWidget, seedTasks } from '../../server/widgets/tasks/index.ts';
import { httpClient, tempDir, textOf } from './helpers.ts';

interface Answer {
  isError: boolean;
  text: string;
  view: ListDetailView;
  meta: Record<string, unknown>;
}

describe('task tools', () => {
  const dir = tempDir('skylit-tasks-');
  let store: Store;
  let http: RunningHttpServer;
  let client: Client;
  let request = 0;
  const fresh = () => `request-${process.pid}-${++request}`;

  const call = async (name: string, args: Record<string, unknown>): Promise<Answer> => {
    const result = await client.callTool({ name, arguments: args });
    return { isError: result.isError === true, text: textOf(result), view: result.structuredContent as unknown as ListDetailView, meta: (result._meta ?? {}) as Record<string, unknown> };
  };
  const ok = (answer: Answer) => {
    assert.equal(answer.isError, false, answer.text);
    return answer.view;
  };
  const create = async (values: Record<string, unknown>) => ok(await call('task_create', { values, requestId: fresh() })).selected!;

  before(async () => {
    // The tools need no real widget bundle: a one-line stub per dialect.
    const dist = join(dir.path, 'dist');
    for (const dialect of [undefined, ...DIALECTS]) {
      const file = bundlePath(dist, LIST_DETAIL_WIDGET_ID, dialect);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, '/* test stub */\n');
    }
    store = openSqliteStore(join(dir.path, 'tasks.db'));
    const app = createSkylitApp({ widgets: [listDetailWidget], store, distDir: dist, log: silentLogger });
    http = await startHttpServer(app, { port: 0, host: '127.0.0.1', distDir: dist });
    client = await httpClient(new URL('/mcp', http.origin));
  });
  after(async () => {
    await client?.close();
    await http?.close();
    await store?.close();
    dir.remove();
  });

  it('are listed with their hints: two reads, idempotent writes, a destructive delete', async () => {
    const tools = new Map((await client.listTools()).tools.map((t) => [t.name, t]));
    assert.deepEqual([...tools.keys()].sort(), ['task_create', 'task_delete', 'task_get', 'task_update', 'tasks_list']);
    for (const name of ['tasks_list', 'task_get']) assert.equal(tools.get(name)!.annotations?.readOnlyHint, true, name);
    for (const name of ['task_create', 'task_update', 'task_delete']) assert.equal(tools.get(name)!.annotations?.readOnlyHint, false, name);
    assert.equal(tools.get('task_delete')!.annotations?.destructiveHint, true);
    assert.equal(tools.get('task_update')!.annotations?.destructiveHint, false);
  });

  it('adds, opens, changes and deletes a task, each answer the widget view with the open record', async () => {
    const created = await call('task_create', { values: { title: '  Water the plants ', due: '2026-12-01' }, requestId: fresh() });
    const task = ok(created).selected!;
    assert.deepEqual(task.values, { title: 'Water the plants', status: 'todo', due: '2026-12-01', notes: null });
    assert.equal(task.version, 1);
    assert.equal(created.meta[VIEW_ID_META_KEY], 'tasks', 'one view id: drafts and selection survive every call');
    assert.equal(created.meta[WIDGET_ID_META_KEY], LIST_DETAIL_WIDGET_ID);
    assert.match(created.text, /Added task “Water the plants”/);
    assert.deepEqual(ok(await call('task_get', { id: task.id })).selected, task);
    const changed = ok(await call('task_update', { id: task.id, values: { status: 'done' }, expectedVersion: 1, requestId: fresh() })).selected!;
    assert.deepEqual([changed.version, changed.values.status, changed.values.title], [2, 'done', 'Water the plants'], 'only the values sent change');
    const deleted = await call('task_delete', { id: task.id, expectedVersion: 2, requestId: fresh() });
    assert.equal(ok(deleted).selected, null);
    assert.match(deleted.text, /Deleted: task “Water the plants”/);
    const gone = await call('task_get', { id: task.id });
    assert.equal(gone.isError, true);
    assert.match(gone.text, /No task .* List tasks with tasks_list/);
  });

  it('never adds twice for one requestId, and never applies an update or delete twice', async () => {
    const requestId = fresh();
    const first = ok(await call('task_create', { values: { title: 'Once' }, requestId })).selected!;
    const retry = await call('task_create', { values: { title: 'Once' }, requestId });
    assert.equal(ok(retry).selected!.id, first.id);
    assert.match(retry.text, /Already added with this requestId/);
    const updateId = fresh();
    ok(await call('task_update', { id: first.id, values: { notes: 'a' }, expectedVersion: 1, requestId: updateId }));
    const again = await call('task_update', { id: first.id, values: { notes: 'a' }, expectedVersion: 1, requestId: updateId });
    assert.equal(ok(again).selected!.version, 2, 'the retry is the first answer, not a conflict');
    const deleteId = fresh();
    ok(await call('task_delete', { id: first.id, expectedVersion: 2, requestId: deleteId }));
    assert.match((await call('task_delete', { id: first.id, expectedVersion: 2, requestId: deleteId })).text, /Already deleted/);
  });

  it('refuses a change based on an old version, and answers with the current task', async () => {
    const task = await create({ title: 'Shared' });
    ok(await call('task_update', { id: task.id, values: { title: 'Renamed elsewhere' }, expectedVersion: 1, requestId: fresh() }));
    const late = await call('task_update', { id: task.id, values: { title: 'Mine' }, expectedVersion: 1, requestId: fresh() });
    assert.equal(late.isError, true);
    assert.equal(late.meta[CONFLICT_META_KEY], true);
    assert.deepEqual([late.view.selected!.version, late.view.selected!.values.title], [2, 'Renamed elsewhere']);
    assert.match(late.text, /changed meanwhile: it is at version 2, not 1. Nothing was saved/);
    const lateDelete = await call('task_delete', { id: task.id, expectedVersion: 1, requestId: fresh() });
    assert.equal(lateDelete.meta[CONFLICT_META_KEY], true);
    assert.equal(ok(await call('task_get', { id: task.id })).selected!.values.title, 'Renamed elsewhere', 'nothing was deleted');
  });

  it('lists newest first, filters by words and status, and pages with a cursor and the total', async () => {
    const marker = `zebra-${process.pid}`;
    const made: ListRecord[] = [];
    for (let i = 0; i < 5; i++) made.push(await create({ title: `${marker} ${i}`, status: i % 2 ? 'doing' : 'todo' }));
    const all = ok(await call('tasks_list', { text: marker }));
    assert.deepEqual(all.items!.map((item) => item.title), [4, 3, 2, 1, 0].map((i) => `${marker} ${i}`), 'newest first');
    assert.equal(all.total, 5);
    assert.equal(all.nextCursor, null);
    assert.deepEqual(all.filter, { text: marker });
    assert.deepEqual(all.items![0]!.status, { label: 'To do', tone: 'neutral' });
    const doing = ok(await call('tasks_list', { text: marker.toUpperCase(), status: 'doing' }));
    assert.deepEqual(doing.items!.map((item) => item.title), [`${marker} 3`, `${marker} 1`], 'case-insensitive words, and the status');
    const page1 = ok(await call('tasks_list', { text: marker, limit: 2 }));
    const page2 = ok(await call('tasks_list', { text: marker, limit: 2, cursor: page1.nextCursor }));
    const page3 = ok(await call('tasks_list', { text: marker, limit: 2, cursor: page2.nextCursor }));
    assert.deepEqual([...page1.items!, ...page2.items!, ...page3.items!].map((item) => item.id), made.map((t) => t.id).reverse());
    assert.deepEqual([page1.total, page3.total, page3.nextCursor], [5, 5, null]);
    const none = await call('tasks_list', { text: 'no-such-words-anywhere' });
    assert.deepEqual([ok(none).items, ok(none).total], [[], 0]);
    assert.match(none.text, /^0 tasks matching “no-such-words-anywhere”\.$/);
  });

  it('names each bad field and what is allowed', async () => {
    const cases: [string, Record<string, unknown>, RegExp][] = [
      ['task_create', { values: { title: '' }, requestId: fresh() }, /values\.title: must not be empty/],
      ['task_create', { values: { title: 'x', status: 'later' }, requestId: fresh() }, /values\.status: must be one of "todo", "doing", "done"/],
      ['task_create', { values: { title: 'x', due: '2026-02-30' }, requestId: fresh() }, /values\.due: is not a real date/],
      ['task_create', { values: { title: 'x', due: 'tomorrow' }, requestId: fresh() }, /values\.due: must be a date as YYYY-MM-DD/],
      ['task_create', { values: { title: 'x', colour: 'red' }, requestId: fresh() }, /values\.colour: is not a known field/],
      ['task_create', { values: { title: 'x'.repeat(121) }, requestId: fresh() }, /values\.title: .*120/],
      ['task_update', { id: 'x', values: {}, expectedVersion: 0, requestId: fresh() }, /expectedVersion: .*1/],
      ['tasks_list', { limit: 500 }, /limit: .*50/],
    ];
    for (const [name, args, pattern] of cases) {
      const answer = await call(name, args);
      assert.equal(answer.isError, true, `${name} ${JSON.stringify(args)}`);
      assert.match(answer.text, pattern);
    }
  });

  it('gives a new store a few example tasks, once', async () => {
    const fresh = openSqliteStore(':memory:');
    await seedTasks(fresh);
    const first = await fresh.find('task:');
    assert.ok(first.total >= 3, 'example tasks');
    for (const record of first.records) await fresh.remove(record.key, { expectedVersion: record.version });
    await seedTasks(fresh);
    assert.equal((await fresh.find('task:')).total, 0, 'an emptied list stays empty');
    await fresh.close();
  });
});
