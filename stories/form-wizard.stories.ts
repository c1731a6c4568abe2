/**
 * <sky-form-wizard> in every state worth seeing, each reached through Skylit's real onboarding tools
 * (the Ciello flow: board, tasks, teammates, check answers) running in the browser (host emulator:
 * stories/host-emulator/). Pick the host, theme, display mode, latency and failures in the toolbar;
 * the log under each story shows every tool call and widget state the host saw.
 */
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { expect, userEvent, waitFor as waitForOnce } from 'storybook/test';
import '../components/form-wizard/define.ts';
import type { SkyFormWizard } from '../components/form-wizard/index.ts';
import { emulatorOf, hostEmulatorLoader, withHostEmulator, type HostEmulatorParameters } from './host-emulator/emulator.ts';
import type { EmulatedServer } from './host-emulator/server.ts';

type Stage = 'board' | 'task' | 'tasks' | 'invite' | 'review' | 'completed';

/**
 * Takes the onboarding to `stage` with real tool calls, then opens the widget as the model would
 * when the user comes back: with `start_onboarding`, which resumes the flow where it is.
 */
function onboarding(stage: Stage): HostEmulatorParameters['setup'] {
  return async (server: EmulatedServer) => {
    const run = (name: string, args: Record<string, unknown> = {}) => server.run(name, { ...args, requestId: crypto.randomUUID() }, 'story setup');
    await server.run('start_onboarding', {}, 'story setup');
    const order: Stage[] = ['board', 'task', 'tasks', 'invite', 'review', 'completed'];
    const reached = (s: Stage) => order.indexOf(stage) > order.indexOf(s);
    if (reached('board')) await run('setup_board', { board_name: 'Spring launch', board_purpose: 'Everything for the April campaign.' });
    if (reached('task')) await run('add_task', { title: 'Write the brief', due_date: '2026-12-04' });
    if (reached('tasks')) await run('add_task', { title: 'Book the photographer' });
    if (reached('invite')) await run('invite_teammates', { emails: ['ana@example.com', 'bo@example.com'] });
    // Completed: the last call's answer is what the user sees (start_onboarding would begin a new flow).
    if (reached('review')) return { args: {}, result: await run('complete_onboarding') };
    return { args: {}, result: await server.run('start_onboarding', {}, 'story setup') };
  };
}

/** Waits up to 5 s: stories are checked three at a time on a busy machine. */
const waitFor = <T>(check: () => T | Promise<T>) => waitForOnce(check, { timeout: 5000 });
const widgetIn = (canvas: HTMLElement) => canvas.querySelector('sky-form-wizard')!;
const part = (el: SkyFormWizard, selector: string) => el.shadowRoot!.querySelector<HTMLElement>(selector);
const button = (el: SkyFormWizard, text: string) => [...el.shadowRoot!.querySelectorAll<HTMLElement>('button')].find((b) => b.textContent!.trim() === text)!;
const heading = (el: SkyFormWizard) => part(el, '#step-title')?.textContent?.replace(/\s+/g, ' ').trim();

/** Waits until the wizard shows the step titled `title`. */
async function at(canvas: HTMLElement, title: string): Promise<SkyFormWizard> {
  const el = widgetIn(canvas);
  await waitFor(() => expect(heading(el)).toMatch(new RegExp(`${title}$`)));
  return el;
}

const meta = {
  title: 'Widgets/Form wizard',
  component: 'sky-form-wizard',
  loaders: [hostEmulatorLoader],
  decorators: [withHostEmulator],
  render: (_args, context) => html`<sky-form-wizard .host=${emulatorOf(context).host}></sky-form-wizard>`,
  parameters: { hostEmulator: { setup: onboarding('board') } satisfies HostEmulatorParameters },
} satisfies Meta;

export default meta;
type Story = StoryObj<typeof meta>;

/** Step 1, as `start_onboarding` opens it: a name, an optional purpose and an optional icon. */
export const Board: Story = {
  name: 'Step 1: board',
  play: async ({ canvasElement }) => {
    await at(canvasElement, 'Create your board');
  },
};

/** Continue with nothing typed: the error summary takes the focus, each entry a link to its field. */
export const ErrorSummary: Story = {
  name: 'Error summary',
  play: async ({ canvasElement }) => {
    const el = await at(canvasElement, 'Create your board');
    await userEvent.click(button(el, 'Continue'));
    await waitFor(() => expect(el.shadowRoot!.activeElement?.classList.contains('error-summary')).toBe(true));
    await expect(part(el, '#field-board_name-error')?.textContent).toBe('Error: Enter board name.');
  },
};

/** Step 2, the first task: a title and an optional due date. */
export const Task: Story = {
  name: 'Step 2: first task',
  parameters: { hostEmulator: { setup: onboarding('task') } },
  play: async ({ canvasElement }) => {
    await at(canvasElement, 'Add your first task');
  },
};

/** Two tasks added: the list, "Add another task" and Continue. */
export const Tasks: Story = {
  name: 'Step 2: tasks added',
  parameters: { hostEmulator: { setup: onboarding('invite') } },
  play: async ({ canvasElement }) => {
    const el = await at(canvasElement, 'Invite your teammates');
    await userEvent.click(button(el, 'Back'));
    await waitFor(() => expect(part(el, '.items')?.textContent).toContain('You have added 2 tasks'));
  },
};

/** Step 3, optional: teammates' addresses, or Skip. */
export const Invite: Story = {
  name: 'Step 3: invite (optional)',
  parameters: { hostEmulator: { setup: onboarding('invite') } },
  play: async ({ canvasElement }) => {
    const el = await at(canvasElement, 'Invite your teammates');
    await expect(button(el, 'Skip this step')).toBeTruthy();
  },
};

/** The server refuses what looked right here (the same address twice): its words land on the field. */
export const ServerError: Story = {
  name: 'Server error on a field',
  parameters: { hostEmulator: { setup: onboarding('invite') } },
  play: async ({ canvasElement }) => {
    const el = await at(canvasElement, 'Invite your teammates');
    await userEvent.type(part(el, '#field-emails')!, 'ann@example.com, Ann@Example.com');
    await userEvent.click(button(el, 'Continue'));
    await waitFor(() => expect(part(el, '#field-emails-error')?.textContent).toMatch(/Enter each email address once/));
  },
};

/** A half-typed answer, the widget shown again by the host: the draft is back on its step. */
export const ResumedDraft: Story = {
  name: 'Resumed draft',
  parameters: { hostEmulator: { setup: onboarding('task') } },
  play: async ({ canvasElement, loaded }) => {
    const el = await at(canvasElement, 'Add your first task');
    await userEvent.type(part(el, '#field-title')!, 'Order the banners');
    // The host renders the widget again (a reload, a scroll back in the chat): a new element, the same host.
    const again = document.createElement('sky-form-wizard');
    again.host = emulatorOf({ loaded }).host;
    el.replaceWith(again);
    await waitFor(() => expect((part(again, '#field-title') as HTMLInputElement | null)?.value).toBe('Order the banners'));
  },
};

/** Check your answers: every answer with a Change link, then "Finish setup". */
export const CheckAnswers: Story = {
  name: 'Step 4: check your answers',
  parameters: { hostEmulator: { setup: onboarding('review') } },
  play: async ({ canvasElement }) => {
    const el = await at(canvasElement, 'Check your answers');
    await expect(part(el, '.answers')?.textContent).toContain('Spring launch');
    await expect(button(el, 'Finish setup')).toBeTruthy();
  },
};

/** Done: what was made, and one follow-up the host sends as the user ("Show my tasks"). */
export const Completed: Story = {
  parameters: { hostEmulator: { setup: onboarding('completed') } },
  play: async ({ canvasElement }) => {
    await at(canvasElement, 'Ciello is set up');
  },
};

/** The host is still running the tool that opens the flow. */
export const Loading: Story = {
  parameters: { hostEmulator: { pending: true } },
};

/** The next call fails (host or network): the form stays, the failure is said next to the button with a retry. */
export const ErrorState: Story = {
  name: 'Error',
  globals: { failure: 'next' },
  play: async ({ canvasElement }) => {
    const el = await at(canvasElement, 'Create your board');
    await userEvent.type(part(el, '#field-board_name')!, 'Spring launch');
    await userEvent.click(button(el, 'Continue'));
    await waitFor(() => expect(part(el, '[part="notice"]')?.textContent).toMatch(/Not sent: .*Your answers are kept/));
    await expect((part(el, '#field-board_name') as HTMLInputElement).value).toBe('Spring launch');
  },
};

/** A 320 px chat column. */
export const Narrow: Story = {
  parameters: { hostEmulator: { setup: onboarding('review'), width: 320 } },
  play: async ({ canvasElement }) => {
    await at(canvasElement, 'Check your answers');
  },
};

/** Full screen: one readable column in the middle. */
export const Fullscreen: Story = {
  globals: { displayMode: 'fullscreen' },
  parameters: { hostEmulator: { setup: onboarding('task') } },
  play: async ({ canvasElement }) => {
    await at(canvasElement, 'Add your first task');
  },
};

/** The dark theme. */
export const Dark: Story = {
  globals: { theme: 'dark' },
  parameters: { hostEmulator: { setup: onboarding('board') } },
  play: async ({ canvasElement }) => {
    await at(canvasElement, 'Create your board');
  },
};
