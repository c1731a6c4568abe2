// <sky-form-wizard> as chat hosts show it: the real onboarding widget page in a cross-origin frame
// sandboxed with `allow-scripts` only, under the MCP Apps default CSP, on both host transports,
// against Skylit's real onboarding tools; by keyboard alone and by a real mouse; not one console error.
import { expect } from '@open-wc/testing';
import type { WizardView } from '../../components/form-wizard/view.ts';
import type { ListDetailView } from '../../components/list-detail/view.ts';
import { chooseFile } from '../fixtures/real-input.ts';
import { closeSandboxedWidgets, openSandboxedWidget, type Dialect, type SandboxedWidget } from '../fixtures/sandbox.ts';
import { inPageServer, type InPageServer } from '../fixtures/server-in-page.ts';
import { pngBytes } from '../fixtures/wizard-flow.ts';

const WIDGET = 'dev.skylit.onboarding';

/** The model's `start_onboarding`, shown in the frame; `delay` slows every call of the widget. */
async function openOnboarding(dialect: Dialect, options: { server?: InPageServer; delayMs?: number; widgetState?: Record<string, unknown> | null } = {}) {
  const server = options.server ?? inPageServer();
  const result = await server.call('start_onboarding', {});
  const widget = await openSandboxedWidget({
    widgetId: WIDGET,
    dialect,
    toolInput: {},
    result,
    widgetState: options.widgetState ?? null,
    callTool: async (name, args) => {
      if (options.delayMs) await new Promise((resolve) => setTimeout(resolve, options.delayMs));
      return server.call(name, args);
    },
  });
  await widget.until(async () => Boolean(await widget.query('#step-title')), 'no step');
  return { server, widget, flowId: (result.structuredContent as unknown as WizardView).flowId };
}

const heading = async (widget: SandboxedWidget) => (await widget.query('#step-title'))?.text ?? '';
const onStep = (widget: SandboxedWidget, title: string) =>
  widget.until(async () => (await heading(widget)).endsWith(title) && (await widget.focused())?.attrs.id === 'step-title', `not on “${title}” with its heading focused`);

afterEach(() => closeSandboxedWidgets());

for (const dialect of ['mcp-apps', 'openai'] as const) {
  describe(`<sky-form-wizard> in a sandboxed ${dialect} host frame`, () => {
    it('goes through the whole onboarding by keyboard alone, and the tasks are there after', async () => {
      const { server, widget } = await openOnboarding(dialect);
      expect(await heading(widget)).to.equal('Step 1 of 4 Create your board');
      await widget.click('#field-board_name');
      await widget.type('Marketing launch');
      await widget.press('Tab');
      await widget.type('The spring campaign');
      await widget.press('Tab'); // the icon
      await widget.press('Tab');
      expect((await widget.focused())?.text).to.equal('Continue');
      await widget.press('Enter');
      await onStep(widget, 'Add your first task');
      await widget.press('Tab');
      await widget.type('Write the brief');
      await widget.press('Enter');
      await widget.until(async () => (await widget.spoken()).startsWith('Task added.'), 'the task was not added');
      await widget.press('Tab'); // Continue
      await widget.press('Enter');
      await onStep(widget, 'Invite your teammates');
      await widget.press('Tab');
      await widget.type('ana@example.com, bo@example.com');
      await widget.press('Tab');
      await widget.press('Enter');
      await onStep(widget, 'Check your answers');
      const answers = (await widget.query('.answers'))!.text;
      expect(answers).to.contain('Marketing launch').and.contain('Write the brief').and.contain('ana@example.com, bo@example.com');
      const changes = await widget.queryAll('.answers button');
      for (let i = 0; i <= changes.length; i++) await widget.press('Tab');
      expect((await widget.focused())?.attrs.class).to.equal('sky-button');
      await widget.press('Enter');
      await widget.until(async () => (await widget.focused())?.attrs.id === 'step-title' && Boolean(await widget.query('[part="summary"]')), 'not completed');
      // The follow-up goes to the host as the user's message.
      await widget.press('Tab');
      await widget.press('Enter');
      await widget.until(() => widget.messages.length === 1, 'no follow-up message');
      expect(widget.messages[0]).to.match(/task/i);
      const listed = (await server.call('tasks_list', {})).structuredContent as unknown as ListDetailView;
      expect(listed.items!.map((item) => item.title)).to.include('Write the brief');
      expect(widget.calls.map((call) => call.name)).to.deep.equal(['setup_board', 'add_task', 'invite_teammates', 'complete_onboarding']);
      expect(await widget.errors()).to.deep.equal([]);
    });

    it('an empty Continue focuses the error summary, whose link moves focus to the field', async () => {
      const { widget } = await openOnboarding(dialect);
      await widget.click('.sky-button');
      await widget.until(async () => (await widget.focused())?.attrs.class === 'error-summary', 'the summary did not take focus');
      expect((await widget.query('.error-summary'))!.text).to.contain('There is a problem');
      await widget.press('Tab');
      await widget.press('Enter');
      expect((await widget.focused())?.attrs.id).to.equal('field-board_name');
      expect((await widget.query('#field-board_name'))!.attrs['aria-invalid']).to.equal('true');
      expect(widget.calls).to.deep.equal([]);
      expect(await widget.errors()).to.deep.equal([]);
    });

    it('puts the server’s refusal on the field it names', async () => {
      const { widget } = await openOnboarding(dialect);
      await widget.click('#field-board_name');
      await widget.type('Launch');
      await widget.press('Enter');
      await onStep(widget, 'Add your first task');
      await widget.click('#field-title');
      await widget.type('Brief');
      await widget.press('Enter');
      await widget.until(async () => Boolean(await widget.query('.items')), 'no task list');
      await widget.click('.actions .sky-button');
      await onStep(widget, 'Invite your teammates');
      await widget.click('#field-emails');
      // Both addresses look right here; the server knows they are the same person.
      await widget.type('ann@example.com Ann@Example.com');
      await widget.click('.actions .sky-button');
      await widget.until(async () => Boolean(await widget.query('#field-emails-error')), 'the refusal did not land on the field');
      expect((await widget.query('#field-emails-error'))!.text).to.match(/^Error: Enter each email address once/);
      expect((await widget.focused())?.attrs.class).to.equal('error-summary');
      expect((await widget.query('#field-emails'))!.value).to.equal('ann@example.com Ann@Example.com');
      expect(await widget.errors()).to.deep.equal([]);
    });

    it('sends one call for a double press of Continue', async () => {
      const { widget } = await openOnboarding(dialect, { delayMs: 300 });
      await widget.click('#field-board_name');
      await widget.type('Launch');
      await widget.click('.sky-button');
      await widget.click('.sky-button');
      await widget.press('Enter');
      await onStep(widget, 'Add your first task');
      expect(widget.calls.map((call) => call.name)).to.deep.equal(['setup_board']);
      expect(await widget.errors()).to.deep.equal([]);
    });

    it('comes back on the same step after a reload' + (dialect === 'openai' ? ', with the draft the host kept' : ''), async () => {
      const server = inPageServer();
      const first = await openOnboarding(dialect, { server });
      await first.widget.click('#field-board_name');
      await first.widget.type('Launch');
      await first.widget.press('Enter');
      await onStep(first.widget, 'Add your first task');
      await first.widget.click('#field-title');
      await first.widget.type('Half-typed');
      // Kept while typing (a pause is enough), not only when the widget goes.
      const draft = () => (first.widget.widgetState()?.drafts as Record<string, Record<string, unknown>> | undefined)?.task?.title;
      await first.widget.until(() => dialect !== 'openai' || draft() === 'Half-typed', 'the draft was not kept');
      const kept = first.widget.widgetState();
      first.widget.close();
      // The host shows the widget again: the model's start_onboarding resumes the flow on the server.
      const again = await openOnboarding(dialect, { server, widgetState: dialect === 'openai' ? kept : null });
      expect(await heading(again.widget)).to.equal('Step 2 of 4 Add your first task');
      expect(again.flowId).to.equal(first.flowId);
      if (dialect === 'openai') expect((await again.widget.query('#field-title'))!.value).to.equal('Half-typed');
      expect(await again.widget.errors()).to.deep.equal([]);
    });

    it('sends a chosen icon: inline bytes, checked by the server, and says it was kept', async () => {
      const { widget, server, flowId } = await openOnboarding(dialect);
      await widget.click('#field-board_name');
      await widget.type('Launch');
      await chooseFile('sky-form-wizard >>> #field-board_icon', { name: 'logo.png', bytes: pngBytes(300) });
      await widget.until(async () => (await widget.query('#field-board_icon + .hint'))?.text === 'Chosen: logo.png (300 bytes)', 'the file was not chosen');
      await widget.click('.sky-button');
      await onStep(widget, 'Add your first task');
      const view = (await server.call('start_onboarding', {})).structuredContent as unknown as WizardView & { board: { icon: unknown } };
      expect(view.flowId).to.equal(flowId);
      expect(view.board.icon).to.deep.equal({ file_name: 'logo.png', mime_type: 'image/png', size: 300 });
      // Back on the step: the file input is empty (a browser cannot fill it), so the wizard says what the server kept.
      await widget.click('.top .sky-link');
      await onStep(widget, 'Create your board');
      expect((await widget.query('#field-board_icon + .hint'))?.text).to.equal('Sent before: logo.png (300 bytes). Choose another to replace it.');
      expect(await widget.errors()).to.deep.equal([]);
    });
  });
}
