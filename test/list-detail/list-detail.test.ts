// <sky-list-detail> in Chromium against Skylit's real task tools (in-page, on an in-memory store):
// browse, open, edit and save by keyboard and by mouse; drafts that survive a remount; a conflicting
// edit shown and resolved; delete and leave confirmations; filter and paging; two widgets kept apart.
import { expect, fixture, html, waitUntil } from '@open-wc/testing';

const cleanups: (() => void)[] = [];
const after = (fn: () => void) => cleanups.push(fn);
import { sendKeys } from '@web/test-runner-commands';
import '../../components/list-detail/define.ts';
import type { SkyListDetail } from '../../components/list-detail/index.ts';
import type { ListDetailView, ListRecord } from '../../components/list-detail/view.ts';
import { createHost, type JsonObject, type StandaloneHost } from '../../components/host/index.ts';
import { clickElement } from '../fixtures/real-input.ts';
import { inPageServer, type InPageServer } from '../fixtures/server-in-page.ts';

const hosts: StandaloneHost[] = [];
afterEach(() => {
  cleanups.splice(0).forEach((fn) => fn());
  // Each test starts from nothing saved (drafts are kept in storage on a plain page).
  for (const key of Object.keys(localStorage)) if (key.startsWith('skylit:widget-state:')) localStorage.removeItem(key);
  hosts.splice(0).forEach((h) => h.dispose());
});

const $ = <T extends Element = HTMLElement>(el: SkyListDetail, selector: string) => el.shadowRoot!.querySelector<T & HTMLElement>(selector);
const $$ = (el: SkyListDetail, selector: string) => [...el.shadowRoot!.querySelectorAll<HTMLElement>(selector)];
const spoken = (el: SkyListDetail) => $(el, '[part="announcer"]')!.textContent!.trim();
const said = (el: SkyListDetail, words: string) => spoken(el) === words || spoken(el).endsWith(` ${words}`);
const focused = (el: SkyListDetail) => el.shadowRoot!.activeElement as HTMLElement | null;
const rows = (el: SkyListDetail) => $$(el, '[role="option"]').map((row) => row.querySelector('.item-title')!.textContent!.trim());
const button = (el: SkyListDetail, text: string) => $$(el, 'button').find((b) => b.textContent!.trim() === text)!;

/** A server with `titles` as tasks (the first one newest), and a widget showing its list. */
async function open(titles: string[], options: { server?: InPageServer; width?: number; calls?: JsonObject[] } = {}) {
  const server = options.server ?? inPageServer();
  for (const title of [...titles].reverse()) await server.call('task_create', { values: { title }, requestId: crypto.randomUUID() });
  const first = await server.call('tasks_list', {});
  const calls = options.calls ?? [];
  const host = createHost({
    transport: 'standalone',
    standalone: {
      toolOutput: first.structuredContent as JsonObject,
      toolResponseMetadata: first._meta as JsonObject,
      callTool: (name, args) => {
        calls.push({ name, ...args });
        return server.call(name, args);
      },
    },
  });
  hosts.push(host);
  const el = await fixture<SkyListDetail>(html`<sky-list-detail style="width: ${options.width ?? 760}px" .host=${host}></sky-list-detail>`);
  await waitUntil(() => rows(el).length === Math.min(titles.length, 10), 'the list did not show');
  return { el, server, host, calls };
}

/** Types into the focused field (real key presses). */
const type = (text: string) => sendKeys({ type: text });
const press = (key: string) => sendKeys({ press: key });

describe('<sky-list-detail>', () => {
  it('is a listbox with one tab stop, opens a record by keyboard alone and saves an edit, and passes axe', async () => {
    const { el, calls } = await open(['Write the notes', 'Call the bank', 'Book flights']);
    const listbox = $(el, '[role="listbox"]')!;
    expect(listbox.getAttribute('aria-labelledby')).to.equal('list-title');
    expect($$(el, '[role="option"][tabindex="0"]')).to.have.length(1);
    await expect(el).to.be.accessible();
    $(el, '#filter-text')!.focus();
    await press('Tab');
    await press('Tab');
    expect(focused(el)?.textContent).to.include('Write the notes');
    await press('ArrowDown');
    expect(focused(el)?.textContent).to.include('Call the bank');
    await press('End');
    expect(focused(el)?.textContent).to.include('Book flights');
    await press('Home');
    await press('ArrowDown');
    await press('Enter');
    await waitUntil(() => focused(el)?.id === 'detail-title', 'the focus did not move to the open record');
    expect(focused(el)!.textContent).to.equal('Call the bank');
    await waitUntil(() => said(el, 'Opened Call the bank.'), `heard "${spoken(el)}"`);
    expect($(el, '[aria-selected="true"]')!.textContent).to.include('Call the bank');
    await press('Tab');
    expect(focused(el)?.id).to.equal('field-title');
    await press('End');
    await type(' today');
    await press('Enter');
    await waitUntil(() => said(el, 'Saved.'), `heard "${spoken(el)}"`);
    const update = calls.find((c) => c.name === 'task_update')!;
    expect(update).to.deep.include({ values: { title: 'Call the bank today' }, expectedVersion: 1 });
    expect(update.requestId).to.match(/^[0-9a-f-]{36}$/);
    await waitUntil(() => rows(el).includes('Call the bank today'), 'the list did not show the saved title');
    await expect(el).to.be.accessible();
  });

  it('finds a row by typing its first letters', async () => {
    const { el } = await open(['Alpha', 'Bravo', 'Beta', 'Charlie']);
    $(el, '[role="option"]')!.focus();
    await press('b');
    expect(focused(el)?.textContent).to.include('Bravo');
    await press('e');
    expect(focused(el)?.textContent).to.include('Beta');
    await new Promise((resolve) => setTimeout(resolve, 800));
    await press('c');
    expect(focused(el)?.textContent).to.include('Charlie');
  });

  it('opens by a real mouse click, and on a narrow column puts the record in place of the list, Back returning focus to the row', async () => {
    const { el } = await open(['One', 'Two', 'Three'], { width: 360 });
    await clickElement($$(el, '[role="option"]')[1]!);
    await waitUntil(() => $(el, '#detail-title')?.textContent === 'Two');
    expect(getComputedStyle($(el, '.list-pane')!).display, 'the list makes room').to.equal('none');
    await clickElement(button(el, 'Back to tasks'));
    await waitUntil(() => focused(el)?.textContent?.includes('Two'), 'the focus did not come back to the row');
    expect($(el, '.detail')).to.equal(null);
    await expect(el).to.be.accessible();
  });

  it('keeps a draft across a remount (a host re-render or reload), and says so', async () => {
    const { el, host } = await open(['Draft me']);
    await clickElement($(el, '[role="option"]')!);
    await waitUntil(() => $(el, '#field-notes'));
    $(el, '#field-notes')!.focus();
    await type('half-written thought');
    await waitUntil(() => JSON.stringify(host.snapshot.widgetState ?? {}).includes('half-written thought'), 'the draft was not kept in widget state');
    el.remove();
    const again = document.createElement('sky-list-detail') as SkyListDetail;
    again.host = host;
    document.body.append(again);
    after(() => again.remove());
    await waitUntil(() => $(again, '#field-notes')?.matches('textarea') && ($(again, '#field-notes') as HTMLTextAreaElement).value === 'half-written thought', 'the draft did not come back');
    await waitUntil(() => said(again, 'Opened Draft me. Your unsaved changes are back.'), `heard "${spoken(again)}"`);
    expect($(again, '.detail')!.textContent).to.include('Unsaved changes');
  });

  it('loads the list once when the model opened a single record', async () => {
    const server = inPageServer();
    const made = await server.call('task_create', { values: { title: 'Opened by the model' }, requestId: crypto.randomUUID() });
    const opened = await server.call('task_get', { id: (made.structuredContent as unknown as ListDetailView).selected!.id });
    const calls: string[] = [];
    const host = createHost({
      transport: 'standalone',
      standalone: { toolOutput: opened.structuredContent as JsonObject, toolResponseMetadata: opened._meta as JsonObject, callTool: (name, args) => (calls.push(name), server.call(name, args)) },
    });
    hosts.push(host);
    const el = await fixture<SkyListDetail>(html`<sky-list-detail .host=${host}></sky-list-detail>`);
    await waitUntil(() => rows(el).length === 1, 'the list did not come');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(calls).to.deep.equal(['tasks_list']);
    expect($(el, '#detail-title')!.textContent).to.equal('Opened by the model');
  });

  it('forgets, without a word, a record of the last visit that is gone', async () => {
    localStorage.setItem('skylit:widget-state:dev.skylit.list-detail:tasks', JSON.stringify({ selectedId: 'gone', drafts: { gone: { title: 'old' } } }));
    const { el, host, calls } = await open(['Still here']);
    await waitUntil(() => calls.some((c) => c.name === 'task_get'), 'the last visit was not reopened');
    await waitUntil(() => !host.snapshot.widgetState?.selectedId, 'the stale selection stayed');
    expect(host.snapshot.widgetState?.drafts, 'its draft went with it').to.equal(undefined);
    expect($(el, '[part="notice"]'), 'no error for something the user did not ask for').to.equal(null);
    expect(rows(el)).to.deep.equal(['Still here']);
  });

  it('shows a conflicting edit side by side and saves mine on the current version', async () => {
    const { el, server } = await open(['Shared task']);
    await clickElement($(el, '[role="option"]')!);
    await waitUntil(() => $(el, '#field-title'));
    const record = (el as unknown as { record: ListRecord }).record;
    // Someone else renames it meanwhile, from another client of the same server.
    await server.call('task_update', { id: record.id, values: { title: 'Renamed elsewhere' }, expectedVersion: 1, requestId: crypto.randomUUID() });
    $(el, '#field-title')!.focus();
    await press('End');
    await type(' (mine)');
    await clickElement(button(el, 'Save'));
    await waitUntil(() => $(el, '.conflict'), 'no conflict shown');
    await waitUntil(() => said(el, 'Renamed elsewhere changed elsewhere while you edited it. Compare the values and choose which to keep.'), `heard "${spoken(el)}"`);
    const cells = $$(el, '.conflict tbody td').map((td) => td.textContent);
    expect(cells).to.deep.equal(['Shared task (mine)', 'Renamed elsewhere']);
    await expect(el).to.be.accessible();
    await clickElement(button(el, 'Keep mine'));
    await waitUntil(() => said(el, 'Saved.'), `heard "${spoken(el)}"`);
    const now = (await server.call('task_get', { id: record.id })).structuredContent as unknown as ListDetailView;
    expect([now.selected!.values.title, now.selected!.version]).to.deep.equal(['Shared task (mine)', 3]);
  });

  it('takes the saved values instead, dropping the draft', async () => {
    const { el, server, host } = await open(['Shared again']);
    await clickElement($(el, '[role="option"]')!);
    await waitUntil(() => $(el, '#field-title'));
    const record = (el as unknown as { record: ListRecord }).record;
    await server.call('task_update', { id: record.id, values: { status: 'done' }, expectedVersion: 1, requestId: crypto.randomUUID() });
    $(el, '#field-status')!.focus();
    await press('ArrowDown');
    await clickElement(button(el, 'Save'));
    await waitUntil(() => $(el, '.conflict'));
    await clickElement(button(el, 'Take the saved ones'));
    await waitUntil(() => !$(el, '.conflict'));
    expect(($(el, '#field-status') as HTMLSelectElement).value).to.equal('done');
    expect(JSON.stringify(host.snapshot.widgetState?.drafts ?? {}), 'no draft of it any more').not.to.include(record.id);
  });

  it('asks before deleting: Escape sends nothing; Delete removes the row and moves focus to the next', async () => {
    const { el, calls } = await open(['Keep', 'Remove me', 'After']);
    await clickElement($$(el, '[role="option"]')[1]!);
    await waitUntil(() => $(el, '#detail-title')?.textContent === 'Remove me');
    await clickElement(button(el, 'Delete…'));
    await waitUntil(() => $<HTMLDialogElement>(el, 'dialog')?.open);
    expect(focused(el)?.textContent, 'the safe answer has the focus').to.equal('Keep it');
    await expect(el).to.be.accessible();
    await press('Escape');
    await waitUntil(() => !$(el, 'dialog'));
    expect(calls.filter((c) => c.name === 'task_delete')).to.have.length(0);
    await clickElement(button(el, 'Delete…'));
    await waitUntil(() => $<HTMLDialogElement>(el, 'dialog')?.open);
    await clickElement(button(el, 'Delete'));
    await waitUntil(() => said(el, 'Task deleted.'), `heard "${spoken(el)}"`);
    await waitUntil(() => !rows(el).includes('Remove me'));
    expect(rows(el)).to.deep.equal(['Keep', 'After']);
    await waitUntil(() => focused(el)?.textContent?.includes('After'), 'the focus did not move to the next row');
  });

  it('asks before leaving a record with unsaved edits', async () => {
    const { el } = await open(['First', 'Second']);
    await clickElement($$(el, '[role="option"]')[0]!);
    await waitUntil(() => $(el, '#field-title'));
    $(el, '#field-title')!.focus();
    await type('!');
    await clickElement($$(el, '[role="option"]')[1]!);
    await waitUntil(() => $<HTMLDialogElement>(el, 'dialog')?.open, 'leaving did not ask');
    expect($(el, 'dialog')!.textContent).to.include('Leave First?');
    await clickElement(button(el, 'Keep editing'));
    await waitUntil(() => !$(el, 'dialog'));
    expect($(el, '#detail-title')!.textContent).to.equal('First!');
    await clickElement($$(el, '[role="option"]')[1]!);
    await waitUntil(() => $<HTMLDialogElement>(el, 'dialog')?.open);
    await clickElement(button(el, 'Leave'));
    await waitUntil(() => $(el, '#detail-title')?.textContent === 'Second');
  });

  it('checks required fields first, and puts the server refusal on its field', async () => {
    const { el, calls } = await open(['Valid']);
    await clickElement(button(el, 'Add task'));
    await waitUntil(() => $(el, '#field-title'));
    const save = () => clickElement($(el, '.detail .actions .sky-button')!);
    await save();
    await waitUntil(() => $(el, '#field-title-error'));
    expect($(el, '#field-title-error')!.textContent).to.equal('Error: Enter title.');
    expect($(el, '#field-title')!.getAttribute('aria-invalid')).to.equal('true');
    expect(focused(el)?.id, 'the first bad field has the focus').to.equal('field-title');
    expect(calls.filter((c) => c.name === 'task_create'), 'nothing sent').to.have.length(0);
    await type('Plan');
    // A date the browser lets through but no calendar has: the server names the field.
    ($(el, '#field-due') as HTMLInputElement).type = 'text';
    $(el, '#field-due')!.focus();
    await type('2026-02-30');
    await save();
    await waitUntil(() => $(el, '#field-due-error'), 'the server refusal did not land on the field');
    expect($(el, '#field-due-error')!.textContent).to.equal('Error: Due date is not a real date');
    await expect(el).to.be.accessible();
  });

  it('filters, says how many match, offers to clear an empty result, and loads more', async () => {
    const titles = Array.from({ length: 14 }, (_, i) => `Item ${String(i).padStart(2, '0')}`);
    const { el } = await open(titles);
    expect(button(el, 'Load more tasks (10 of 14)')).to.exist;
    await clickElement(button(el, 'Load more tasks (10 of 14)'));
    await waitUntil(() => rows(el).length === 14, 'the next page did not come');
    await waitUntil(() => said(el, '4 tasks more loaded.'), `heard "${spoken(el)}"`);
    expect(focused(el)?.textContent, 'the focus is on the first new row').to.include('Item 10');
    $(el, '#filter-text')!.focus();
    await type('item 1');
    await press('Enter');
    await waitUntil(() => rows(el).length === 4, `rows ${rows(el).join(', ')}`);
    await waitUntil(() => said(el, '4 tasks match.'), `heard "${spoken(el)}"`);
    await type('x');
    await press('Enter');
    await waitUntil(() => $(el, '[part="empty"]'), 'no empty view');
    expect($(el, '[part="empty"]')!.textContent).to.include('No tasks match “item 1x”.');
    await clickElement(button(el, 'Clear the filter'));
    await waitUntil(() => rows(el).length === 10);
  });

  it('keeps two widgets on one page apart: their own calls, their own drafts', async () => {
    const a = await open(['In A']);
    const b = await open(['In B']);
    await clickElement($(a.el, '[role="option"]')!);
    await waitUntil(() => $(a.el, '#field-notes'));
    $(a.el, '#field-notes')!.focus();
    await type('only in A');
    await waitUntil(() => JSON.stringify(a.host.snapshot.widgetState ?? {}).includes('only in A'));
    expect(b.host.snapshot.widgetState, 'B has no drafts of A').to.equal(null);
    expect(b.calls, 'A called through its own host only').to.have.length(0);
    expect(rows(b.el)).to.deep.equal(['In B']);
  });
});
