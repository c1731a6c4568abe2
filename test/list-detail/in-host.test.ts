// <sky-list-detail> as chat hosts show it: the real widget page in a cross-origin frame sandboxed
// with `allow-scripts` only, under the MCP Apps default CSP, on both host transports, against
// Skylit's real task tools; used by keyboard alone and by a real mouse; not one console error.
import { expect } from '@open-wc/testing';
import type { ListDetailView } from '../../components/list-detail/view.ts';
import { closeSandboxedWidgets, openSandboxedWidget, type Dialect } from '../fixtures/sandbox.ts';
import { inPageServer } from '../fixtures/server-in-page.ts';

const WIDGET = 'dev.skylit.list-detail';

async function openTasks(dialect: Dialect, titles: string[], size: { width?: number; height?: number } = {}) {
  const server = inPageServer();
  for (const title of [...titles].reverse()) await server.call('task_create', { values: { title }, requestId: crypto.randomUUID() });
  const result = await server.call('tasks_list', {});
  const widget = await openSandboxedWidget({ widgetId: WIDGET, dialect, toolInput: {}, result, callTool: (name, args) => server.call(name, args), ...size });
  await widget.until(async () => (await widget.queryAll('[role="option"]')).length === titles.length, 'no rows');
  return { server, widget };
}

afterEach(() => closeSandboxedWidgets());

for (const dialect of ['mcp-apps', 'openai'] as const) {
  describe(`<sky-list-detail> in a sandboxed ${dialect} host frame`, () => {
    it('opens, edits and saves by keyboard alone', async () => {
      const { server, widget } = await openTasks(dialect, ['Alpha', 'Bravo', 'Charlie']);
      await widget.click('#list-title'); // the frame gets the focus, as a first click in a chat would
      await widget.press('Tab'); // Add task
      await widget.press('Tab'); // filter
      await widget.press('Tab'); // status
      await widget.press('Tab'); // the list
      await widget.until(async () => (await widget.focused())?.text.startsWith('Alpha') ?? false, 'Tab did not reach the list');
      await widget.press('ArrowDown');
      await widget.press('Enter');
      await widget.until(async () => (await widget.focused())?.attrs.id === 'detail-title', 'the record did not open');
      await widget.press('Tab');
      await widget.press('End');
      await widget.type(' edited');
      await widget.press('Enter');
      await widget.until(async () => (await widget.spoken()).endsWith('Saved.'), 'not saved');
      const listed = (await server.call('tasks_list', {})).structuredContent as unknown as ListDetailView;
      expect(listed.items!.map((item) => item.title)).to.deep.equal(['Alpha', 'Bravo edited', 'Charlie']);
      await widget.until(async () => (await widget.queryAll('.item-title')).some((row) => row.text === 'Bravo edited'), 'the row did not update');
      expect(await widget.errors()).to.deep.equal([]);
    });

    it('opens a record with a real mouse, replaces the list on a narrow column, and Back returns to the row', async () => {
      const { widget } = await openTasks(dialect, ['One', 'Two'], { width: 360 });
      await widget.click('[data-id]:nth-child(2)');
      await widget.until(async () => (await widget.query('#detail-title'))?.text === 'Two', 'did not open');
      expect(await widget.query('.list-pane', ['display'])).to.have.nested.property('style.display', 'none');
      await widget.click('.detail-head .sky-link');
      await widget.until(async () => (await widget.focused())?.text.startsWith('Two') ?? false, 'the focus did not come back to the row');
      expect(await widget.errors()).to.deep.equal([]);
    });

    it('deletes after asking, with the focus moved into the dialog by code', async () => {
      const { widget } = await openTasks(dialect, ['Keep', 'Drop']);
      await widget.click('[data-id]:nth-child(2)');
      await widget.until(async () => Boolean(await widget.query('.detail .danger')), 'no delete');
      await widget.click('.detail .danger');
      await widget.until(async () => (await widget.query('dialog'))?.open === true, 'no dialog');
      expect((await widget.focused())?.text).to.equal('Keep it');
      await widget.click('dialog .sky-button');
      await widget.until(async () => (await widget.spoken()).endsWith('Task deleted.'), 'not deleted');
      await widget.until(async () => (await widget.queryAll('[role="option"]')).length === 1, 'the row stayed');
      expect(await widget.errors()).to.deep.equal([]);
    });
  });
}
