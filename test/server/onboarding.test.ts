// The Ciello onboarding tools over the official SDK client: the whole flow from start to completed,
// resume, changing the board, steps out of order, repeated and concurrent request ids, skipping the
// invitations, field-named errors (the `  - <field>: <sentence>` lines the widget puts on fields),
// the board icon (inline bytes checked, uploads kept by reference, never echoed), the tasks landing
// in the task list, and a new flow after a completed one. Every view is checked against the schema.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { ListDetailView } from '../../components/list-detail/view.ts';
import type { WizardView } from '../../components/form-wizard/view.ts';
import { createSkylitApp } from '../../server/app.ts';
import { startHttpServer, type RunningHttpServer } from '../../server/http.ts';
import { silentLogger } from '../../server/log.ts';
import { bundlePath, DIALECTS } from '../../server/resources.ts';
import { estimateTokens, VIEW_ID_META_KEY, WIDGET_ID_META_KEY } from '../../server/result.ts';
import { openSqliteStore } from '../../server/store/sqlite.ts';
import type { Store } from '../../server/store/types.ts';
import { ONBOARDING_WIDGET_ID, onboardingWidget } from '../../server/widgets/onboarding/index.ts';
import type { StoredFlow, StoredIcon } from '../../server/widgets/onboarding/flow.ts';
import { onboardingViewSchema, type OnboardingView } from '../../server/widgets/onboarding/schema.ts';
import { LIST_DETAIL_WIDGET_ID, listDetailWidget } from '../../server/widgets/tasks/index.ts';
import type { StoredTask } from '../../server/widgets/tasks/tasks.ts';
import { httpClient, tempDir, textOf } from './helpers.ts';

interface Answer {
  isError: boolean;
  text: string;
  view: OnboardingView;
  meta: Record<string, unknown>;
}

interface Server {
  store: Store;
  client: Client;
  call(name: string, args?: Record<string, unknown>): Promise<Answer>;
  /** A successful call's view (fails the test on an error). */
  ok(name: string, args?: Record<string, unknown>): Promise<OnboardingView>;
  /** A call that must fail: its text. */
  refused(name: string, args?: Record<string, unknown>): Promise<string>;
}

let request = 0;
const fresh = () => `request-${process.pid}-${++request}`;

const PNG = bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 64);
const JPEG = bytes([0xff, 0xd8, 0xff, 0xe0], 64);
const GIF = bytes([...'GIF89a'].map((c) => c.charCodeAt(0)), 32);
const WEBP = bytes([...'RIFF\0\0\0\0WEBP'].map((c) => c.charCodeAt(0)), 32);
const icon = (data: Buffer, mime_type = 'image/png', file_name = 'logo.png') => ({ file_name, mime_type, size: data.length, data: data.toString('base64') });

describe('onboarding tools', () => {
  const dir = tempDir('skylit-onboarding-');
  const dist = join(dir.path, 'dist');
  const open: { close(): Promise<void> }[] = [];

  /** A server of its own (one unfinished onboarding per store), on a throw-away store. */
  const serve = async (): Promise<Server> => {
    const store = openSqliteStore(':memory:');
    const app = createSkylitApp({ widgets: [onboardingWidget, listDetailWidget], store, distDir: dist, log: silentLogger });
    const http: RunningHttpServer = await startHttpServer(app, { port: 0, host: '127.0.0.1', distDir: dist });
    const client = await httpClient(new URL('/mcp', http.origin));
    // Listing the tools makes the SDK client check every structuredContent against its output schema.
    await client.listTools();
    open.push({ close: async () => (await client.close(), await http.close(), await store.close()) });
    const call = async (name: string, args: Record<string, unknown> = {}): Promise<Answer> => {
      const result = await client.callTool({ name, arguments: args });
      const view = result.structuredContent as unknown as OnboardingView;
      if (view && name !== 'tasks_list') {
        const parsed = onboardingViewSchema.safeParse(view);
        assert.ok(parsed.success, `${name}: the view conforms to the schema\n${parsed.error}`);
      }
      return { isError: result.isError === true, text: textOf(result), view, meta: (result._meta ?? {}) as Record<string, unknown> };
    };
    return {
      store,
      client,
      call,
      async ok(name, args) {
        const answer = await call(name, args);
        assert.equal(answer.isError, false, answer.text);
        return answer.view;
      },
      async refused(name, args) {
        const answer = await call(name, args);
        assert.equal(answer.isError, true, `${name} should be refused: ${answer.text}`);
        return answer.text;
      },
    };
  };

  /** A flow at the invite step: a board and one task. */
  const atInvite = async (s: Server) => {
    const { flowId } = await s.ok('start_onboarding');
    await s.ok('setup_board', { board_name: 'Launch', flowId, requestId: fresh() });
    await s.ok('add_task', { title: 'Draft the plan', flowId, requestId: fresh() });
    return flowId;
  };

  before(() => {
    // The tools need no real widget bundle: a one-line stub per dialect.
    for (const id of [ONBOARDING_WIDGET_ID, LIST_DETAIL_WIDGET_ID]) {
      for (const dialect of [undefined, ...DIALECTS]) {
        const file = bundlePath(dist, id, dialect);
        mkdirSync(dirname(file), { recursive: true });
        writeFileSync(file, '/* test stub */\n');
      }
    }
  });
  after(async () => {
    for (const server of open) await server.close();
    dir.remove();
  });

  it('are listed bound to the wizard: writes that are idempotent and never destructive, setup_board taking a file', async () => {
    const { client } = await serve();
    const tools = new Map((await client.listTools()).tools.filter((t) => t._meta?.['skylit/widgetId'] === ONBOARDING_WIDGET_ID).map((t) => [t.name, t]));
    assert.deepEqual([...tools.keys()], ['start_onboarding', 'setup_board', 'add_task', 'invite_teammates', 'complete_onboarding']);
    const template = tools.get('start_onboarding')!._meta!['openai/outputTemplate'];
    for (const [name, tool] of tools) {
      assert.deepEqual(
        [tool.annotations?.readOnlyHint, tool.annotations?.idempotentHint, tool.annotations?.destructiveHint, tool.annotations?.openWorldHint],
        [false, true, false, false],
        name,
      );
      assert.equal(tool._meta!['openai/outputTemplate'], template, `${name}: the one widget`);
      assert.ok(tool._meta!['openai/toolInvocation/invoking'] && tool._meta!['openai/toolInvocation/invoked'], name);
      assert.ok(tool.outputSchema?.properties?.currentStep, `${name}: output schema with the seed's currentStep`);
      assert.ok(tool.title && (tool.description ?? '').length > 40, name);
    }
    assert.deepEqual(tools.get('setup_board')!._meta!['openai/fileParams'], ['board_icon']);
    assert.equal(tools.get('add_task')!._meta!['openai/fileParams'], undefined);
    assert.deepEqual(tools.get('setup_board')!.inputSchema.required, ['board_name', 'requestId']);
    assert.deepEqual(onboardingWidget.manifest.preview, { tool: 'start_onboarding', args: {} });
  });

  it('goes from started to completed, the view at the right step each time', async () => {
    const s = await serve();
    const started = await s.call('start_onboarding');
    const flowId = started.view.flowId;
    assert.match(flowId, /^[0-9a-f]{16}$/);
    assert.deepEqual(pick(started.view), { currentStep: 'started', current: 'board', status: 'in-progress' });
    assert.deepEqual(started.view.steps.map((step) => [step.id, step.tool]), [
      ['board', 'setup_board'],
      ['task', 'add_task'],
      ['invite', 'invite_teammates'],
      ['review', 'complete_onboarding'],
    ]);
    assert.deepEqual([started.view.board, started.view.tasks, started.view.invited, started.view.answers], [null, [], [], {}]);
    assert.equal(started.meta[VIEW_ID_META_KEY], `onboarding-${flowId}`, 'drafts are kept per flow');
    assert.equal(started.meta[WIDGET_ID_META_KEY], ONBOARDING_WIDGET_ID);
    assert.match(started.text, /Started the Ciello onboarding .*Next: create the board \(setup_board\)/);

    const board = await s.call('setup_board', { board_name: ' Marketing launch ', board_purpose: 'Track Q1 campaign tasks', flowId, requestId: fresh() });
    assert.deepEqual(pick(board.view), { currentStep: 'board_created', current: 'task', status: 'in-progress' });
    assert.deepEqual(board.view.board, { id: board.view.board!.id, name: 'Marketing launch', purpose: 'Track Q1 campaign tasks' });
    assert.deepEqual(board.view.answers, { board: { board_name: 'Marketing launch', board_purpose: 'Track Q1 campaign tasks' } });
    assert.match(board.text, /Created the board “Marketing launch” for “Track Q1 campaign tasks”\. Next: add a first task/);

    const task = await s.call('add_task', { title: 'Draft the brief', due_date: '2026-12-01', flowId, requestId: fresh() });
    assert.deepEqual(pick(task.view), { currentStep: 'task_added', current: 'invite', status: 'in-progress' });
    const second = await s.ok('add_task', { title: 'Book the photographer', flowId, requestId: fresh() });
    assert.deepEqual(pick(second), { currentStep: 'task_added', current: 'invite', status: 'in-progress' }, 'repeatable: another task stays at the step');
    assert.deepEqual(second.answers.task, [{ title: 'Draft the brief', due_date: '2026-12-01' }, { title: 'Book the photographer' }]);
    assert.deepEqual(second.tasks.map((t) => [t.title, t.due]), [['Draft the brief', '2026-12-01'], ['Book the photographer', null]]);

    const invited = await s.ok('invite_teammates', { emails: ['ann@example.com', ' bob@example.org '], flowId, requestId: fresh() });
    assert.deepEqual(pick(invited), { currentStep: 'invited', current: 'review', status: 'in-progress' });
    assert.deepEqual([invited.invited, invited.answers.invite], [['ann@example.com', 'bob@example.org'], { emails: ['ann@example.com', 'bob@example.org'] }]);

    const done = await s.call('complete_onboarding', { flowId, requestId: fresh() });
    assert.deepEqual(pick(done.view), { currentStep: 'completed', current: 'review', status: 'completed' });
    assert.deepEqual(done.view.followUp, { label: 'Show my tasks', prompt: 'Show my tasks' });
    assert.deepEqual(done.view.summary!.items, [
      { label: 'Board', value: 'Marketing launch' },
      { label: 'Tasks', value: '2 tasks: Draft the brief, Book the photographer' },
      { label: 'Teammates invited', value: '2 people: ann@example.com, bob@example.org' },
    ]);
    assert.match(done.text, /Onboarding complete\. Board “Marketing launch”, 2 tasks, 2 to invite\. .*tasks_list/);
    assert.equal(done.view.flowId, flowId);
  });

  it('resumes the unfinished onboarding at its step', async () => {
    const s = await serve();
    const flowId = await atInvite(s);
    const again = await s.call('start_onboarding');
    assert.equal(again.view.flowId, flowId);
    assert.deepEqual(pick(again.view), { currentStep: 'task_added', current: 'invite', status: 'in-progress' });
    assert.match(again.text, /Resumed the onboarding under way .*Board “Launch”, 1 task\./);
    const together = await Promise.all([s.ok('start_onboarding'), s.ok('start_onboarding')]);
    assert.deepEqual(together.map((v) => v.flowId), [flowId, flowId]);
  });

  it('changes the board when it exists: one board, the step kept, the icon kept unless replaced or removed', async () => {
    const s = await serve();
    const flowId = await atInvite(s);
    const first = (await s.ok('setup_board', { board_name: 'Launch', board_purpose: 'Q1', board_icon: icon(PNG), flowId, requestId: fresh() })).board!;
    assert.deepEqual(first.icon, { file_name: 'logo.png', mime_type: 'image/png', size: PNG.length });
    const renamed = await s.call('setup_board', { board_name: 'Spring launch', flowId, requestId: fresh() });
    assert.equal(renamed.view.board!.id, first.id, 'the same board');
    assert.deepEqual([renamed.view.board!.name, renamed.view.board!.purpose], ['Spring launch', null], 'a purpose left out is cleared');
    assert.deepEqual(renamed.view.board!.icon, first.icon, 'an icon left out stays (a file field cannot be filled in again)');
    assert.deepEqual(pick(renamed.view), { currentStep: 'task_added', current: 'invite', status: 'in-progress' }, 'the step does not move back');
    assert.match(renamed.text, /Changed the board: “Spring launch” with the icon logo\.png \(was “Launch” for “Q1”, with the icon logo\.png\)/);
    assert.equal((await s.store.list('onboarding:icon:')).length, 1);
    const gif = await s.ok('setup_board', { board_name: 'Spring launch', board_icon: icon(GIF, 'image/gif', 'a.gif'), flowId, requestId: fresh() });
    assert.equal(gif.board!.icon!.mime_type, 'image/gif');
    assert.deepEqual((await s.store.list('onboarding:icon:')).map((r) => (r.value as { file_name: string }).file_name), ['a.gif'], 'the replaced icon is removed');
    const removed = await s.ok('setup_board', { board_name: 'Spring launch', board_icon: null, flowId, requestId: fresh() });
    assert.equal(removed.board!.icon, undefined);
    assert.equal(removed.answers.board && 'board_icon' in removed.answers.board, false);
    assert.equal((await s.store.list('onboarding:icon:')).length, 0);
  });

  it('answers a step sent out of order with the current state, changing nothing', async () => {
    const s = await serve();
    const { flowId } = await s.ok('start_onboarding');
    const early = await s.call('add_task', { title: 'Too soon', flowId, requestId: fresh() });
    assert.equal(early.isError, false);
    assert.deepEqual(pick(early.view), { currentStep: 'started', current: 'board', status: 'in-progress' });
    assert.equal(early.text, 'Nothing was added. The board comes first: create it with setup_board.');
    const complete = await s.call('complete_onboarding', { flowId, requestId: fresh() });
    assert.match(complete.text, /not finished yet\. The board comes first/);
    // Two boards at once with different request ids: one creates it, the other changes it.
    const [a, b] = await Promise.all(['One', 'Two'].map((name) => s.ok('setup_board', { board_name: name, flowId, requestId: fresh() })));
    assert.equal(a.board!.id, b.board!.id, 'never a second board');
    const invite = await s.call('invite_teammates', { emails: ['ann@example.com'], flowId, requestId: fresh() });
    assert.deepEqual([invite.isError, invite.view.current, invite.view.invited], [false, 'task', []]);
    assert.match(invite.text, /At least one task comes first: add it with add_task/);
    await s.ok('add_task', { title: 'Now', flowId, requestId: fresh() });
    const finish = await s.call('complete_onboarding', { flowId, requestId: fresh() });
    assert.deepEqual([finish.isError, finish.view.status, finish.view.current], [false, 'in-progress', 'invite']);
    assert.match(finish.text, /Inviting teammates comes first: send addresses or skip it with invite_teammates/);
  });

  it('applies a request id once: a repeat, a concurrent double call and a retry after completion change nothing', async () => {
    const s = await serve();
    const { flowId } = await s.ok('start_onboarding');
    await s.ok('setup_board', { board_name: 'Launch', flowId, requestId: fresh() });
    const requestId = fresh();
    const first = await s.ok('add_task', { title: 'Once', flowId, requestId });
    const repeat = await s.call('add_task', { title: 'Once', flowId, requestId });
    assert.deepEqual(repeat.view.tasks, first.tasks);
    assert.match(repeat.text, /Already done with this requestId; nothing changed\./);
    const reused = await s.refused('setup_board', { board_name: 'Other', flowId, requestId });
    assert.match(reused, /^Could not use this requestId:\n {2}- requestId: This requestId was already used for add_task\. Send a fresh requestId for each step\.$/);
    const together = fresh();
    const both = await Promise.all([1, 2].map(() => s.ok('add_task', { title: 'Twice at once', flowId, requestId: together })));
    assert.equal(both[1]!.tasks.filter((t) => t.title === 'Twice at once').length, 1);
    await Promise.all(['A', 'B'].map((title) => s.ok('add_task', { title, flowId, requestId: fresh() })));
    const view = await s.ok('start_onboarding');
    assert.deepEqual(view.tasks.map((t) => t.title).sort(), ['A', 'B', 'Once', 'Twice at once'], 'both concurrent writes landed (compare-and-set, retried)');
    await s.ok('invite_teammates', { skip: true, flowId, requestId: fresh() });
    const finishing = fresh();
    const done = await s.ok('complete_onboarding', { flowId, requestId: finishing });
    await s.ok('start_onboarding'); // a new flow is now the latest
    const retry = await s.call('complete_onboarding', { requestId: finishing });
    assert.deepEqual([retry.view.flowId, retry.view.status], [flowId, 'completed'], 'a retry naming no flow finds the flow it went to');
    assert.match(retry.text, /Already done with this requestId/);
    assert.equal((await s.store.find('task:')).total, done.tasks.length, 'no task twice');
  });

  it('skips the invitations', async () => {
    const s = await serve();
    const flowId = await atInvite(s);
    const skipped = await s.call('invite_teammates', { skip: true, flowId, requestId: fresh() });
    assert.deepEqual(pick(skipped.view), { currentStep: 'invited', current: 'review', status: 'in-progress' });
    assert.deepEqual([skipped.view.invited, 'invite' in skipped.view.answers], [[], false]);
    assert.match(skipped.text, /Skipped inviting teammates\. Next: .*complete_onboarding/);
    const done = await s.ok('complete_onboarding', { flowId, requestId: fresh() });
    assert.deepEqual(done.summary!.items!.at(-1), { label: 'Teammates invited', value: 'None' });
  });

  it('names the field and says what to do, for argument errors and refusals alike', async () => {
    const s = await serve();
    const flowId = await atInvite(s);
    const line = (field: string, message: string) => new RegExp(`^  - ${field}: ${escape(message)}$`, 'm');
    const cases: [string, Record<string, unknown>, RegExp][] = [
      ['setup_board', { board_name: '   ' }, line('board_name', 'Enter a board name.')],
      ['setup_board', {}, line('board_name', 'Enter a board name.')],
      ['setup_board', { board_name: 'x'.repeat(61) }, line('board_name', 'Board name must be 60 characters or fewer.')],
      ['setup_board', { board_name: 'B', board_purpose: 'x'.repeat(201) }, line('board_purpose', 'What the board is for must be 200 characters or fewer.')],
      ['add_task', { title: '' }, line('title', 'Enter a task.')],
      ['add_task', { title: 'x', due_date: '2026-02-30' }, line('due_date', 'Enter the due date as a real date, like 2026-12-01.')],
      ['add_task', { title: 'x', due_date: 'tomorrow' }, line('due_date', 'Enter the due date as a real date, like 2026-12-01.')],
      ['invite_teammates', { emails: ['ann@example.com', 'bob@'] }, line('emails', 'Enter email addresses in the correct format, like name@example.com (“bob@” is not).')],
      ['invite_teammates', { emails: ['x', 'y@z'] }, line('emails', 'Enter email addresses in the correct format, like name@example.com (“x” and “y@z” are not).')],
      ['invite_teammates', { emails: ['ann@example.com', 'Ann@Example.com'] }, line('emails', 'Enter each email address once (“Ann@Example.com” is there twice).')],
      ['invite_teammates', { emails: Array.from({ length: 11 }, (_, i) => `p${i}@example.com`) }, line('emails', 'Enter 10 email addresses or fewer (there are 11).')],
      ['invite_teammates', { emails: [] }, line('emails', 'Enter at least one email address, or skip this step.')],
      ['invite_teammates', {}, line('emails', 'Enter at least one email address, or skip this step.')],
      ['setup_board', { board_name: 'B', board_icon: icon(JPEG, 'image/png') }, line('board_icon', 'The selected file says it is a PNG image, but its contents are not. Choose a PNG, JPEG, WEBP or GIF image.')],
      ['setup_board', { board_name: 'B', board_icon: icon(bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 256 * 1024 + 1)) }, line('board_icon', 'The selected file must be smaller than 256 KB.')],
      ['setup_board', { board_name: 'B', board_icon: icon(PNG, 'image/svg+xml', 'a.svg') }, line('board_icon', 'The selected file must be a PNG, JPEG, WEBP or GIF image.')],
      ['setup_board', { board_name: 'B', board_icon: { ...icon(PNG), data: '' } }, line('board_icon', 'The selected file is empty.')],
      ['setup_board', { board_name: 'B', board_icon: { ...icon(PNG), data: 'not base64!' } }, line('board_icon', 'The selected file could not be uploaded – try again.')],
      ['setup_board', { board_name: 'B', board_icon: { file_name: 'a.png', mime_type: 'image/png', size: 300_000, file_id: 'file-1' } }, line('board_icon', 'The selected file must be smaller than 256 KB.')],
    ];
    for (const [name, args, pattern] of cases) {
      const text = await s.refused(name, { flowId, requestId: fresh(), ...args });
      assert.match(text, pattern, `${name} ${JSON.stringify(args).slice(0, 120)}`);
      assert.match(text, /^(Invalid arguments for \w+|Could not [\w ]+):\n/, 'a heading, then the lines');
    }
    const unknown = await s.refused('add_task', { title: 'x', flowId: 'no-such-flow', requestId: fresh() });
    assert.match(unknown, line('flowId', 'There is no onboarding “no-such-flow”. Start one with start_onboarding.'));
    for (let i = 0; i < 9; i++) await s.ok('add_task', { title: `Task ${i}`, flowId, requestId: fresh() });
    const eleventh = await s.refused('add_task', { title: 'One too many', flowId, requestId: fresh() });
    assert.match(eleventh, /^Could not add the task:\n {2}- title: You can add up to 10 tasks while setting up\. Add more from your task list once setup is finished\.$/);
    const view = await s.ok('start_onboarding');
    assert.deepEqual([view.board!.name, view.board!.icon, view.tasks.length, view.invited], ['Launch', undefined, 10, []], 'nothing refused was saved');
    assert.equal((await s.store.list('onboarding:icon:')).length, 0);
  });

  it('keeps an icon’s bytes or upload reference in its own record, and never echoes them', async () => {
    const s = await serve();
    const flowId = await atInvite(s);
    for (const [file, type] of [[PNG, 'image/png'], [JPEG, 'image/jpeg'], [GIF, 'image/gif'], [WEBP, 'image/webp']] as const) {
      assert.equal((await s.ok('setup_board', { board_name: 'Launch', board_icon: icon(file, type, 'i'), flowId, requestId: fresh() })).board!.icon!.mime_type, type);
    }
    const inline = await s.call('setup_board', { board_name: 'Launch', board_icon: { ...icon(PNG), size: 1 }, flowId, requestId: fresh() });
    assert.equal(inline.view.board!.icon!.size, PNG.length, 'the size of the bytes that came');
    const [stored] = await s.store.list<StoredIcon>('onboarding:icon:');
    assert.equal('data' in stored!.value && stored!.value.data, PNG.toString('base64'));
    const flow = (await s.store.list<StoredFlow>('onboarding:flow:'))[0]!;
    assert.ok(!JSON.stringify(flow.value).includes(PNG.toString('base64')), 'not in the flow record');
    const upload = { file_name: 'up.png', mime_type: 'image/png', size: 1234, file_id: 'file-abc', download_url: 'https://files.example.com/secret-token' };
    const uploaded = await s.call('setup_board', { board_name: 'Launch', board_icon: upload, flowId, requestId: fresh() });
    assert.deepEqual(uploaded.view.board!.icon, { file_name: 'up.png', mime_type: 'image/png', size: 1234 });
    assert.deepEqual(uploaded.view.answers.board, { board_name: 'Launch', board_icon: { file_name: 'up.png', mime_type: 'image/png', size: 1234 } });
    assert.ok(!JSON.stringify(uploaded).includes('secret-token') && !JSON.stringify(uploaded).includes('file-abc'), 'no download address, no host file id');
    const [reference] = await s.store.list<StoredIcon>('onboarding:icon:');
    assert.deepEqual(reference!.value, { ...upload }, 'kept by reference, not fetched');
    // A file the model passes from the chat (ChatGPT's fileParams) comes with only its id and address.
    const fromChat = await s.call('setup_board', { board_name: 'Launch', board_icon: { file_id: 'file-chat', download_url: 'https://files.example.com/t' }, flowId, requestId: fresh() });
    assert.equal(fromChat.isError, false, fromChat.text);
    assert.deepEqual(fromChat.view.board!.icon, { file_name: 'Uploaded image', mime_type: 'image', size: 0 });
    // Inline bytes without a declared type are taken for what they are.
    const undeclared = await s.call('setup_board', { board_name: 'Launch', board_icon: { file_name: 'x', data: GIF.toString('base64') }, flowId, requestId: fresh() });
    assert.equal(undeclared.view.board!.icon!.mime_type, 'image/gif');
  });

  it('puts the tasks into the task list on completion, for the follow-up', async () => {
    const s = await serve();
    const marker = `onboarding-${process.pid}`;
    const { flowId } = await s.ok('start_onboarding');
    await s.ok('setup_board', { board_name: 'Ops', flowId, requestId: fresh() });
    const { tasks } = await s.ok('add_task', { title: `${marker} first`, due_date: '2026-12-24', flowId, requestId: fresh() });
    await s.ok('add_task', { title: `${marker} second`, flowId, requestId: fresh() });
    const list = async () => (await s.client.callTool({ name: 'tasks_list', arguments: { text: marker } })).structuredContent as unknown as ListDetailView;
    assert.equal((await list()).total, 0, 'not before the user finished');
    await s.ok('invite_teammates', { skip: true, flowId, requestId: fresh() });
    const done = await s.ok('complete_onboarding', { flowId, requestId: fresh() });
    const shown = await list();
    assert.deepEqual(shown.items!.map((item) => item.title), [`${marker} second`, `${marker} first`], 'newest first');
    assert.deepEqual(shown.items!.map((item) => item.id).sort(), done.tasks.map((t) => t.id).sort(), 'under the ids the view showed');
    const stored = await s.store.get<StoredTask>(`task:${tasks[0]!.id}`);
    assert.deepEqual([stored!.value.status, stored!.value.due, stored!.value.notes], ['todo', '2026-12-24', 'Added while setting up the board “Ops”.']);
  });

  it('starts a new flow after a completed one, and a completed or other flow is never touched', async () => {
    const s = await serve();
    const flowId = await atInvite(s);
    await s.ok('invite_teammates', { skip: true, flowId, requestId: fresh() });
    await s.ok('complete_onboarding', { flowId, requestId: fresh() });
    const next = await s.call('start_onboarding');
    assert.notEqual(next.view.flowId, flowId);
    assert.deepEqual(pick(next.view), { currentStep: 'started', current: 'board', status: 'in-progress' });
    assert.match(next.text, /The last onboarding \(board “Launch”\) is complete, so this starts a new one/);
    const late = await s.call('add_task', { title: 'Late', flowId, requestId: fresh() });
    assert.deepEqual([late.isError, late.view.flowId, late.view.status, late.view.tasks.length], [false, flowId, 'completed', 1]);
    assert.match(late.text, /This onboarding is complete; nothing was changed/);
    assert.deepEqual(pick(await s.ok('start_onboarding')), { currentStep: 'started', current: 'board', status: 'in-progress' }, 'the new flow is untouched');
  });

  it('starts with setup_board when nothing is under way, and asks for start_onboarding otherwise', async () => {
    const s = await serve();
    const text = await s.refused('add_task', { title: 'x', requestId: fresh() });
    assert.match(text, /There is no onboarding yet, so add_task has nothing to work on\. Start one with start_onboarding\./);
    const view = await s.ok('setup_board', { board_name: 'Direct', requestId: fresh() });
    assert.deepEqual([view.currentStep, view.board!.name], ['board_created', 'Direct']);
    assert.equal((await s.ok('start_onboarding')).flowId, view.flowId);
  });

  it('keeps the largest view well under the 4k-token guard', async () => {
    const s = await serve();
    const { flowId } = await s.ok('start_onboarding');
    await s.ok('setup_board', { board_name: 'n'.repeat(60), board_purpose: 'p'.repeat(200), board_icon: icon(PNG, 'image/png', `${'f'.repeat(200)}.png`), flowId, requestId: fresh() });
    for (let i = 0; i < 10; i++) await s.ok('add_task', { title: `${i}`.padEnd(120, 't'), due_date: '2026-12-01', flowId, requestId: fresh() });
    const emails = Array.from({ length: 10 }, (_, i) => `${`${i}`.padEnd(64, 'a')}@${'d'.repeat(60)}.example.com`);
    await s.ok('invite_teammates', { emails, flowId, requestId: fresh() });
    const done = await s.ok('complete_onboarding', { flowId, requestId: fresh() });
    const tokens = estimateTokens(done);
    assert.ok(tokens < 3500, `about ${tokens} tokens`);
  });
});

function pick(view: WizardView & { currentStep: string }) {
  return { currentStep: view.currentStep, current: view.current, status: view.status };
}

/** `head` then zeros, `length` bytes in all. */
function bytes(head: number[], length: number): Buffer {
  const out = Buffer.alloc(length);
  out.set(head);
  return out;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
