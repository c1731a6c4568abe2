// <sky-form-wizard> in Chromium with real keys, mouse and file picker: a whole flow by keyboard
// alone, the error summary and its links, server refusals on the fields, drafts that survive a
// reload, one call per Continue however often it is pressed, a retry with the same request id,
// Back and Change, files inline or handed to the host, the follow-up of a completed flow.
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../components/form-wizard/define.ts';
import type { SkyFormWizard, StepSubmitDetail } from '../../components/form-wizard/index.ts';
import type { WizardAnswers, WizardView } from '../../components/form-wizard/view.ts';
import { createHost, type Host, type JsonObject, type StandaloneHost } from '../../components/host/index.ts';
import { installOpenAi } from '../fixtures/openai-emulator.ts';
import { chooseFile, clickElement } from '../fixtures/real-input.ts';
import { FLOW_STEPS, flowView, pngBytes, viewResult } from '../fixtures/wizard-flow.ts';

const cleanups: (() => void)[] = [];
afterEach(() => {
  cleanups.splice(0).forEach((fn) => fn());
  for (const key of Object.keys(localStorage)) if (key.startsWith('skylit:widget-state:')) localStorage.removeItem(key);
});

const $ = (el: SkyFormWizard, selector: string) => el.shadowRoot!.querySelector<HTMLElement>(selector);
const $$ = (el: SkyFormWizard, selector: string) => [...el.shadowRoot!.querySelectorAll<HTMLElement>(selector)];
const spoken = (el: SkyFormWizard) => $(el, '[part="announcer"]')!.textContent!.replace(/\s+/g, ' ').trim();
const focused = (el: SkyFormWizard) => el.shadowRoot!.activeElement as HTMLElement | null;
const heading = (el: SkyFormWizard) => $(el, '#step-title')?.textContent?.replace(/\s+/g, ' ').trim();
const button = (el: SkyFormWizard, text: string) => $$(el, 'button').find((b) => b.textContent!.replace(/\s+/g, ' ').trim() === text)!;
const press = (key: string) => sendKeys({ press: key });
const type = (text: string) => sendKeys({ type: text });
const onStep = (el: SkyFormWizard, title: string) => waitUntil(() => heading(el)?.endsWith(title) && focused(el)?.id === 'step-title', `not on “${title}” with focus on its heading (on “${heading(el)}”, focus on ${focused(el)?.id})`);

/** A plain page's wizard: the flow as `steps`, every `sky-submit` kept. */
async function plainPage(id = 'setup') {
  const submits: StepSubmitDetail[] = [];
  const el = await fixture<SkyFormWizard>(html`<sky-form-wizard id=${id} heading="Set up Ciello" .steps=${FLOW_STEPS} style="width: 520px"></sky-form-wizard>`);
  el.addEventListener('sky-submit', (event) => submits.push(event.detail));
  await waitUntil(() => heading(el), 'the first step did not show');
  return { el, submits };
}

/**
 * A scripted server behind a standalone host: each step's tool records the answers and moves the
 * flow on (a repeated request id answers with the state it reached). `respond` can answer instead.
 */
function scriptedHost(options: { respond?: (name: string, args: JsonObject) => Promise<unknown> | undefined; view?: WizardView } = {}) {
  let view = options.view ?? flowView('board');
  const calls: { name: string; args: JsonObject }[] = [];
  const seen = new Set<string>();
  const host = createHost({
    transport: 'standalone',
    standalone: {
      toolOutput: view as unknown as JsonObject,
      toolResponseMetadata: viewResult(view)._meta,
      callTool: async (name, args) => {
        calls.push({ name, args });
        const scripted = options.respond?.(name, args);
        if (scripted) return (await scripted) as never;
        const step = FLOW_STEPS.find((s) => s.tool === name)!;
        if (!seen.has(String(args.requestId))) {
          seen.add(String(args.requestId));
          const { flowId: _f, requestId: _r, skip, ...answers } = args;
          const all = { ...view.answers };
          if (!skip) all[step.id] = step.repeatable ? [...((all[step.id] as WizardAnswers[]) ?? []), answers as WizardAnswers] : (answers as WizardAnswers);
          const index = Math.max(FLOW_STEPS.indexOf(step) + 1, FLOW_STEPS.findIndex((s) => s.id === view.current));
          const done = index >= FLOW_STEPS.length;
          view = flowView(FLOW_STEPS[Math.min(index, FLOW_STEPS.length - 1)]!.id, all, done ? { status: 'completed', summary: { title: 'Your board is ready' }, followUp: { label: 'Show my tasks', prompt: 'Show my tasks' } } : {});
        }
        return viewResult(view) as never;
      },
    },
  }) as StandaloneHost;
  cleanups.push(() => host.dispose());
  return { host, calls };
}

async function hosted(host: Host) {
  const el = await fixture<SkyFormWizard>(html`<sky-form-wizard .host=${host} style="width: 520px"></sky-form-wizard>`);
  await waitUntil(() => heading(el), 'the wizard did not show its step');
  return el;
}

describe('<sky-form-wizard>', () => {
  it('goes through the whole flow by keyboard alone: each step focused and said, answers checked, submitted once per step, axe clean', async () => {
    const { el, submits } = await plainPage();
    expect(heading(el)).to.equal('Step 1 of 4 Create your board');
    // The first step a visitor meets takes no focus (a chat page must not jump into the widget).
    expect(focused(el)).to.equal(null);
    await expect(el).to.be.accessible();
    $(el, '#field-board_name')!.focus();
    await type('Marketing launch');
    await press('Tab');
    await type('The spring campaign');
    await press('Tab'); // the file input: no file
    await press('Tab');
    expect(focused(el)?.textContent?.trim()).to.equal('Continue');
    await press('Enter');
    await onStep(el, 'Add your first task');
    await waitUntil(() => spoken(el) === 'Step 2 of 4 Add your first task', `heard “${spoken(el)}”`);
    expect(submits.map((s) => s.step)).to.deep.equal(['board']);
    expect(submits[0]!.args).to.include({ board_name: 'Marketing launch', board_purpose: 'The spring campaign', flowId: 'setup' });
    expect(submits[0]!.args.requestId).to.be.a('string');
    await expect(el).to.be.accessible();

    await press('Tab'); // Task
    await type('Write the brief');
    await press('Enter'); // Enter in a one-line field is Continue
    await waitUntil(() => spoken(el) === 'Task added. Step 2 of 4 Add your first task', `heard “${spoken(el)}”`);
    expect($(el, '.items')!.textContent).to.contain('You have added 1 task').and.contain('Write the brief');
    await press('Tab'); // Continue
    await press('Tab'); // Add another task
    expect(focused(el)?.textContent?.trim()).to.equal('Add another task');
    await press('Enter');
    await waitUntil(() => focused(el)?.id === 'step-title' && $(el, '#field-title'), 'the form for another task did not open');
    await press('Tab');
    await type('Book the venue');
    await press('Tab');
    await type('12012026'); // the date field, segment by segment: 12/01/2026
    await press('Enter');
    await waitUntil(() => $(el, '.items')?.textContent?.includes('You have added 2 tasks'), 'the second task was not added');
    expect(submits.at(-1)!.args).to.include({ title: 'Book the venue', due_date: '2026-12-01' });
    await press('Tab');
    expect(focused(el)?.textContent?.trim()).to.equal('Continue');
    await press('Enter');
    await onStep(el, 'Invite your teammates');
    await press('Tab');
    await type('ana@example.com, bo@example.com');
    await press('Tab'); // Continue
    await press('Enter');
    await onStep(el, 'Check your answers');
    expect(submits.at(-1)!.args.emails).to.deep.equal(['ana@example.com', 'bo@example.com']);
    const answers = $(el, '.answers')!.textContent!.replace(/\s+/g, ' ');
    expect(answers).to.contain('Board name Marketing launch').and.contain('Write the brief').and.contain('Book the venue').and.contain('ana@example.com, bo@example.com');
    expect($$(el, '.answers button').map((b) => b.textContent!.replace(/\s+/g, ' ').trim())).to.include('Change board name');
    await expect(el).to.be.accessible();
    for (let i = 0; i < 6; i++) await press('Tab'); // the five Change links, then the submit
    expect(focused(el)?.textContent?.trim()).to.equal('Finish setup');
    await press('Enter');
    await onStep(el, 'Done');
    expect(submits.map((s) => s.step)).to.deep.equal(['board', 'task', 'task', 'invite', 'review']);
    expect(new Set(submits.map((s) => s.args.requestId)).size).to.equal(5);
  });

  it('an empty Continue focuses the error summary; its link moves focus to the field; nothing typed is cleared', async () => {
    const { el, submits } = await plainPage();
    await clickElement(button(el, 'Continue'));
    await waitUntil(() => focused(el)?.classList.contains('error-summary'), 'the error summary did not take focus');
    expect($(el, '.error-summary [role="alert"]')!.textContent).to.contain('There is a problem').and.contain('Enter board name.');
    const field = $(el, '#field-board_name')!;
    expect(field.getAttribute('aria-invalid')).to.equal('true');
    expect(field.getAttribute('aria-describedby')).to.equal('field-board_name-hint field-board_name-error');
    expect($(el, '#field-board_name-error')!.textContent).to.equal('Error: Enter board name.');
    expect(submits).to.have.length(0);
    await expect(el).to.be.accessible();
    await clickElement($(el, '.error-summary a')!);
    expect(focused(el)?.id).to.equal('field-board_name');
    // Too long: said, and the text stays as typed.
    await type('x'.repeat(61));
    await press('Enter');
    await waitUntil(() => $(el, '#field-board_name-error')?.textContent === 'Error: Board name must be 60 characters or fewer (it has 61).', 'no length error');
    expect(($(el, '#field-board_name') as HTMLInputElement).value).to.equal('x'.repeat(61));
    // The summary's link by keyboard too.
    expect(focused(el)?.classList.contains('error-summary')).to.equal(true);
    await press('Tab');
    await press('Enter');
    expect(focused(el)?.id).to.equal('field-board_name');
    expect(submits).to.have.length(0);
  });

  it('checks email lists and files before sending, with messages that say what to do', async () => {
    const { el, submits } = await plainPage();
    $(el, '#field-board_name')!.focus();
    await type('Launch');
    await chooseFile('sky-form-wizard >>> #field-board_icon', { name: 'big.png', bytes: pngBytes(4096) });
    await waitUntil(() => $(el, '#field-board_icon + .hint')?.textContent === 'Chosen: big.png (4 KB)', 'the chosen file is not shown');
    await clickElement(button(el, 'Continue'));
    await waitUntil(() => $(el, '#field-board_icon-error'), 'no file error');
    expect($(el, '#field-board_icon-error')!.textContent).to.equal('Error: The file must be smaller than 1 KB (big.png is 4 KB).');
    await chooseFile('sky-form-wizard >>> #field-board_icon', { name: 'notes.txt', bytes: new TextEncoder().encode('hello') });
    await clickElement(button(el, 'Continue'));
    await waitUntil(() => $(el, '#field-board_icon-error')?.textContent === 'Error: The file must be PNG or JPEG (notes.txt is not).', `heard ${$(el, '#field-board_icon-error')?.textContent}`);
    await chooseFile('sky-form-wizard >>> #field-board_icon', { name: 'logo.png', bytes: pngBytes(100) });
    await clickElement(button(el, 'Continue'));
    await onStep(el, 'Add your first task');
    // On a page with no host that takes files, the bytes come inline.
    const icon = submits[0]!.args.board_icon as Record<string, unknown>;
    expect(icon).to.include({ file_name: 'logo.png', mime_type: 'image/png', size: 100 });
    expect(atob(String(icon.data)).charCodeAt(1)).to.equal(0x50);

    $(el, '#field-title')!.focus();
    await type('One');
    await press('Enter');
    await waitUntil(() => button(el, 'Add another task'), 'no list of tasks');
    await clickElement(button(el, 'Continue'));
    await onStep(el, 'Invite your teammates');
    $(el, '#field-emails')!.focus();
    await type('ana@example.com\nbo@');
    await clickElement(button(el, 'Continue'));
    await waitUntil(() => $(el, '#field-emails-error'), 'no email error');
    expect($(el, '#field-emails-error')!.textContent).to.equal('Error: Enter each email address in the correct format, like name@example.com (“bo@” is not).');
    expect(($(el, '#field-emails') as HTMLTextAreaElement).value).to.equal('ana@example.com\nbo@');
    expect(submits).to.have.length(2);
  });

  it('puts the server’s field-named refusal on the field, keeping what was typed', async () => {
    const { host, calls } = scriptedHost({
      respond: (name) =>
        name === 'setup_board'
          ? Promise.resolve({ isError: true, content: [{ type: 'text', text: 'Invalid arguments for setup_board:\n  - board_name: A board named “Launch” exists already. Choose another name.' }] })
          : undefined,
    });
    const el = await hosted(host);
    $(el, '#field-board_name')!.focus();
    await type('Launch');
    await press('Enter');
    await waitUntil(() => focused(el)?.classList.contains('error-summary'), 'the error summary did not take focus');
    expect($(el, '#field-board_name-error')!.textContent).to.equal('Error: A board named “Launch” exists already. Choose another name.');
    expect($(el, '.error-summary a')!.textContent).to.equal('A board named “Launch” exists already. Choose another name.');
    expect(($(el, '#field-board_name') as HTMLInputElement).value).to.equal('Launch');
    expect($(el, '[part="notice"]')).to.equal(null);
    expect(heading(el)).to.equal('Step 1 of 4 Create your board');
    expect(calls).to.have.length(1);
  });

  it('sends one call however often Continue is pressed; a failed call keeps the form with a retry that reuses the request id', async () => {
    let release: () => void = () => {};
    let failing = true;
    const { host, calls } = scriptedHost({
      respond: (name) => {
        if (name !== 'setup_board') return undefined;
        if (failing) return new Promise((_, reject) => (release = () => reject(new Error('The network is unreachable.'))));
        return undefined;
      },
    });
    const el = await hosted(host);
    $(el, '#field-board_name')!.focus();
    await type('Launch');
    const go = button(el, 'Continue');
    await clickElement(go);
    await clickElement(go);
    await press('Enter');
    await waitUntil(() => $(el, '.sending'), 'no sign of sending');
    expect(go.getAttribute('aria-disabled')).to.equal('true');
    expect(calls).to.have.length(1);
    release();
    await waitUntil(() => $(el, '[part="notice"]'), 'the failure is not shown next to the button');
    expect($(el, '[part="notice"]')!.textContent).to.contain('Not sent: The network is unreachable. Your answers are kept.');
    expect(($(el, '#field-board_name') as HTMLInputElement).value).to.equal('Launch');
    failing = false;
    await clickElement(button(el, 'Try again'));
    await onStep(el, 'Add your first task');
    expect(calls).to.have.length(2);
    expect(calls[1]!.args.requestId).to.equal(calls[0]!.args.requestId);
    expect(calls[1]!.args).to.deep.equal(calls[0]!.args);
  });

  it('sends a new request id when the answers changed after a failure', async () => {
    let fail = true;
    const { host, calls } = scriptedHost({ respond: (name) => (name === 'setup_board' && fail ? Promise.reject(new Error('Timed out.')) : undefined) });
    const el = await hosted(host);
    $(el, '#field-board_name')!.focus();
    await type('Launch');
    await press('Enter');
    await waitUntil(() => $(el, '[part="notice"]'), 'no failure shown');
    fail = false;
    $(el, '#field-board_name')!.focus();
    await type(' 2');
    await press('Enter');
    await onStep(el, 'Add your first task');
    expect(calls.map((c) => c.args.board_name)).to.deep.equal(['Launch', 'Launch 2']);
    expect(calls[1]!.args.requestId).not.to.equal(calls[0]!.args.requestId);
  });

  it('resumes on the same step with the draft after a reload (state kept in storage by view, as for MCP Apps)', async () => {
    const view = flowView('task', { board: { board_name: 'Launch' } });
    const first = scriptedHost({ view });
    const el = await hosted(first.host);
    await clickElement(button(el, 'Back'));
    await onStep(el, 'Create your board');
    $(el, '#field-board_purpose')!.focus();
    await type('For the spring');
    el.remove(); // the draft is saved as the widget goes
    const second = scriptedHost({ view });
    const again = await hosted(second.host);
    expect(heading(again)).to.equal('Step 1 of 4 Create your board');
    expect(($(again, '#field-board_name') as HTMLInputElement).value).to.equal('Launch');
    expect(($(again, '#field-board_purpose') as HTMLTextAreaElement).value).to.equal('For the spring');
    await clickElement(button(again, 'Continue'));
    await onStep(again, 'Add your first task');
    $(again, '#field-title')!.focus();
    await type('Half-typed task');
    again.remove();
    const third = await hosted(scriptedHost({ view }).host);
    expect(heading(third)).to.equal('Step 2 of 4 Add your first task');
    expect(($(third, '#field-title') as HTMLInputElement).value).to.equal('Half-typed task');
  });

  it('comes back after a host re-render on the step it was on, with the draft (host-kept state)', async () => {
    const openai = installOpenAi({ globals: { toolOutput: flowView('task', { board: { board_name: 'Launch' } }) as never, toolResponseMetadata: {}, widgetState: null } });
    cleanups.push(() => openai.remove());
    const host = createHost({ transport: 'openai' });
    cleanups.push(() => host.dispose());
    const el = await hosted(host);
    await clickElement(button(el, 'Back'));
    await onStep(el, 'Create your board');
    $(el, '#field-board_purpose')!.focus();
    await type('For the spring');
    el.remove();
    await waitUntil(() => (openai.api.widgetState as JsonObject | undefined)?.drafts, 'the draft was not kept by the host');
    const host2 = createHost({ transport: 'openai' });
    cleanups.push(() => host2.dispose());
    const again = await hosted(host2);
    expect(heading(again)).to.equal('Step 1 of 4 Create your board');
    expect(($(again, '#field-board_name') as HTMLInputElement).value).to.equal('Launch');
    expect(($(again, '#field-board_purpose') as HTMLTextAreaElement).value).to.equal('For the spring');
  });

  it('Back shows the previous step with its answers; Change goes to a step and Continue comes back to the check', async () => {
    const { host, calls } = scriptedHost();
    const el = await hosted(host);
    $(el, '#field-board_name')!.focus();
    await type('Launch');
    await press('Enter');
    await onStep(el, 'Add your first task');
    await clickElement(button(el, 'Back'));
    await onStep(el, 'Create your board');
    expect(($(el, '#field-board_name') as HTMLInputElement).value).to.equal('Launch');
    await clickElement(button(el, 'Continue'));
    await onStep(el, 'Add your first task');
    $(el, '#field-title')!.focus();
    await type('Brief');
    await press('Enter');
    await waitUntil(() => button(el, 'Add another task'), 'no task list');
    await clickElement(button(el, 'Continue'));
    await onStep(el, 'Invite your teammates');
    await clickElement(button(el, 'Skip this step'));
    await onStep(el, 'Check your answers');
    expect(calls.at(-1)!.args).to.include({ skip: true });
    expect($(el, '.answers')!.textContent!.replace(/\s+/g, ' ')).to.contain('Invite your teammates Skipped');
    await clickElement(button(el, 'Change board name'));
    await onStep(el, 'Create your board');
    const name = $(el, '#field-board_name') as HTMLInputElement;
    name.focus();
    name.select();
    await type('Spring launch');
    await press('Enter');
    await onStep(el, 'Check your answers');
    expect($(el, '.answers')!.textContent).to.contain('Spring launch');
    expect(calls.filter((c) => c.name === 'setup_board')).to.have.length(3);
  });

  it('hands files to ChatGPT (uploadFile) and sends the tool its file id', async () => {
    const openai = installOpenAi({
      globals: { toolOutput: flowView('board') as never, toolResponseMetadata: {}, widgetState: null },
      toolResult: (_name, args) => viewResult(flowView('task', { board: args as never })),
    });
    const uploads: File[] = [];
    Object.assign(openai.api, {
      uploadFile: async (file: File) => (uploads.push(file), { fileId: 'file_123' }),
      getFileDownloadUrl: async ({ fileId }: { fileId: string }) => ({ downloadUrl: `https://files.example/${fileId}` }),
    });
    cleanups.push(() => openai.remove());
    const host = createHost({ transport: 'openai' });
    cleanups.push(() => host.dispose());
    const el = await hosted(host);
    $(el, '#field-board_name')!.focus();
    await type('Launch');
    await chooseFile('sky-form-wizard >>> #field-board_icon', { name: 'logo.png', bytes: pngBytes(200) });
    await waitUntil(() => $(el, '#field-board_icon + .hint'), 'the file is not shown');
    await clickElement(button(el, 'Continue'));
    await onStep(el, 'Add your first task');
    expect(uploads.map((f) => f.name)).to.deep.equal(['logo.png']);
    const call = openai.calls.find(([method]) => method === 'callTool')![1] as { args: JsonObject };
    expect(call.args.board_icon).to.deep.equal({ file_name: 'logo.png', mime_type: 'image/png', size: 200, file_id: 'file_123', download_url: 'https://files.example/file_123' });
  });

  it('ends with the summary and one follow-up the host sends as the user', async () => {
    const done = flowView('review', {}, { status: 'completed', summary: { title: 'Your board is ready', text: 'Launch has 2 tasks.', items: [{ label: 'Board', value: 'Launch' }] }, followUp: { label: 'Show my tasks', prompt: 'Show my tasks' } });
    const openai = installOpenAi({ globals: { toolOutput: done as never, toolResponseMetadata: {}, widgetState: null } });
    cleanups.push(() => openai.remove());
    const host = createHost({ transport: 'openai' });
    cleanups.push(() => host.dispose());
    const el = await hosted(host);
    expect(heading(el)).to.equal('Your board is ready');
    expect($(el, '[part="summary"] p')!.textContent).to.equal('Launch has 2 tasks.');
    expect($$(el, '[part="summary"] .row > *').map((cell) => cell.textContent)).to.deep.equal(['Board', 'Launch']);
    await expect(el).to.be.accessible();
    await clickElement(button(el, 'Show my tasks'));
    await waitUntil(() => $(el, '[part="summary"] .hint')?.textContent === 'Asked: “Show my tasks”', 'the follow-up was not sent');
    expect(openai.calls.filter(([method]) => method === 'sendFollowUpMessage')).to.deep.equal([['sendFollowUpMessage', { prompt: 'Show my tasks' }]]);
    // A plain page cannot send a message as the user: no button that would do nothing.
    const plain = await hosted(createHost({ transport: 'standalone', standalone: { toolOutput: done as never } }));
    expect(button(plain, 'Show my tasks')).to.equal(undefined);
  });

  it('says what is wrong with a view it cannot show, and shows none of it', async () => {
    const broken = { ...flowView('board'), current: 'nowhere' };
    const el = await fixture<SkyFormWizard>(html`<sky-form-wizard .host=${createHost({ transport: 'standalone', standalone: { toolOutput: broken as never } })}></sky-form-wizard>`);
    await waitUntil(() => $(el, '[part="error"]'), 'no error view');
    expect($(el, '[part="error"]')!.textContent).to.contain('current must name one of the steps (got "nowhere")');
    expect($(el, '#step-title')).to.equal(null);
  });
});
