/**
 * <sky-list-detail> in every state worth seeing, each reached through Skylit's real task tools
 * running in the browser (host emulator: stories/host-emulator/). Pick the host, theme, display
 * mode, max height, latency and failures in the toolbar; the log under each story shows every tool
 * call and widget state the host saw.
 */
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { expect, userEvent, waitFor as waitForOnce } from 'storybook/test';
import '../components/list-detail/define.ts';
import type { SkyListDetail } from '../components/list-detail/index.ts';
import type { ListDetailView } from '../components/list-detail/view.ts';
import { emulatorOf, hostEmulatorLoader, withHostEmulator, type HostEmulatorParameters } from './host-emulator/emulator.ts';
import type { EmulatedServer } from './host-emulator/server.ts';

const TASKS: [string, 'todo' | 'doing' | 'done', string | null, string | null][] = [
  ['Write the release notes', 'doing', null, 'What changed for users, and what to upgrade.'],
  ['Review the accessibility audit', 'todo', '2026-12-04', null],
  ['Book the team offsite', 'todo', null, 'Two days, somewhere reachable by train.'],
  ['Renew the TLS certificate', 'done', '2026-11-15', null],
  ['Answer the support backlog', 'todo', '2026-11-28', 'Oldest first.'],
  ['Plan the next sprint', 'todo', null, null],
];

/**
 * Adds tasks (`count` of them, the first ones from TASKS, then numbered), then opens the widget as
 * the model would: with tasks_list, or with task_get of the `open`-th task.
 */
function tasks(count = TASKS.length, open?: number): HostEmulatorParameters['setup'] {
  return async (server: EmulatedServer) => {
    const ids: string[] = [];
    for (let i = count - 1; i >= 0; i--) {
      const [title, status, due, notes] = TASKS[i] ?? [`Task ${String(i + 1).padStart(2, '0')}`, 'todo', null, null];
      const made = await server.run('task_create', { values: { title, status, due, notes }, requestId: crypto.randomUUID() }, 'story setup');
      ids.unshift((made.structuredContent as unknown as ListDetailView).selected!.id);
    }
    const args = open === undefined ? {} : { id: ids[open]! };
    const result = await server.run(open === undefined ? 'tasks_list' : 'task_get', args, 'story setup');
    return { args, result };
  };
}

/** Waits up to 5 s: stories are checked three at a time on a busy machine. */
const waitFor = <T>(check: () => T | Promise<T>) => waitForOnce(check, { timeout: 5000 });

const widgetIn = (canvas: HTMLElement) => canvas.querySelector('sky-list-detail')!;
const part = (el: SkyListDetail, selector: string) => el.shadowRoot!.querySelector<HTMLElement>(selector);
const rows = (el: SkyListDetail) => [...el.shadowRoot!.querySelectorAll<HTMLElement>('[role="option"]')];
const button = (el: SkyListDetail, text: string) => [...el.shadowRoot!.querySelectorAll<HTMLElement>('button')].find((b) => b.textContent!.trim() === text)!;
const spoken = (el: SkyListDetail) => part(el, '[part="announcer"]')?.textContent?.trim() ?? '';

/** Waits until the list shows its rows. */
async function ready(canvas: HTMLElement, count = 1): Promise<SkyListDetail> {
  const el = widgetIn(canvas);
  await waitFor(() => expect(rows(el).length).toBeGreaterThanOrEqual(count));
  return el;
}

const meta = {
  title: 'Widgets/List detail',
  component: 'sky-list-detail',
  loaders: [hostEmulatorLoader],
  decorators: [withHostEmulator],
  render: (_args, context) => html`<sky-list-detail .host=${emulatorOf(context).host}></sky-list-detail>`,
  parameters: { hostEmulator: { setup: tasks() } satisfies HostEmulatorParameters },
} satisfies Meta;

export default meta;
type Story = StoryObj<typeof meta>;

/** The list, as `tasks_list {}` opens it: newest first, a status badge on each row. */
export const List: Story = {
  play: async ({ canvasElement }) => {
    await ready(canvasElement, TASKS.length);
  },
};

/** The model opened one task (`task_get`): the record beside the list, the list loaded with it. */
export const Selected: Story = {
  parameters: { hostEmulator: { setup: tasks(TASKS.length, 1) } },
  play: async ({ canvasElement }) => {
    const el = await ready(canvasElement, TASKS.length);
    await waitFor(() => expect(part(el, '#detail-title')?.textContent).toBe('Review the accessibility audit'));
    await expect(part(el, '[aria-selected="true"]')?.textContent).toContain('Review the accessibility audit');
  },
};

/** Edits typed and not saved yet: kept as a draft in widget state (a reload brings them back). */
export const EditingWithDraft: Story = {
  name: 'Editing with a draft',
  parameters: { hostEmulator: { setup: tasks(TASKS.length, 2) } },
  play: async ({ canvasElement }) => {
    const el = await ready(canvasElement);
    await waitFor(() => expect(part(el, '#field-notes')).toBeTruthy());
    await userEvent.type(part(el, '#field-notes')!, ' Ask about dates first.');
    await waitFor(() => expect(part(el, '.detail')?.textContent).toContain('Unsaved changes'));
  },
};

/** A save under way (a second of latency): the row and the record show the new values at once. */
export const Saving: Story = {
  globals: { latency: '1000' },
  parameters: { hostEmulator: { setup: tasks(TASKS.length, 0) } },
  play: async ({ canvasElement }) => {
    const el = await ready(canvasElement);
    await waitFor(() => expect(part(el, '#field-title')).toBeTruthy());
    await userEvent.type(part(el, '#field-title')!, ' (draft)');
    await userEvent.click(button(el, 'Save'));
    await waitFor(() => expect(part(el, '.detail .sky-button')?.textContent).toBe('Saving…'));
    await expect(rows(el)[0]!.textContent).toContain('Write the release notes (draft)');
  },
};

/** Someone else changed the task while it was being edited: both values, and a choice. */
export const Conflict: Story = {
  parameters: { hostEmulator: { setup: tasks(TASKS.length, 0) } },
  play: async ({ canvasElement, loaded }) => {
    const el = await ready(canvasElement);
    await waitFor(() => expect(part(el, '#field-title')).toBeTruthy());
    const server = emulatorOf({ loaded }).server;
    const id = part(el, '[aria-selected="true"]')!.dataset.id!;
    await server.run('task_update', { id, values: { title: 'Write the release notes for 2.0' }, expectedVersion: 1, requestId: crypto.randomUUID() }, 'another client');
    await userEvent.type(part(el, '#field-title')!, ' today');
    await userEvent.click(button(el, 'Save'));
    await waitFor(() => expect(part(el, '.conflict')).toBeTruthy());
    await waitFor(() => expect(spoken(el)).toMatch(/changed elsewhere while you edited it/));
  },
};

/** No tasks yet: what the list is for, and one action. */
export const Empty: Story = {
  parameters: { hostEmulator: { setup: tasks(0) } },
  play: async ({ canvasElement }) => {
    const el = widgetIn(canvasElement);
    await waitFor(() => expect(part(el, '[part="empty"]')?.textContent).toContain('No tasks yet'));
  },
};

/** The host is still running the tool that opens the list: skeleton rows of stable size. */
export const Loading: Story = {
  parameters: { hostEmulator: { pending: true } },
};

/** The server cannot be reached for the next call: the list stays, and the failure is said next to it with a retry. */
export const ErrorState: Story = {
  name: 'Error',
  globals: { failure: 'next' },
  play: async ({ canvasElement }) => {
    const el = await ready(canvasElement, TASKS.length);
    await userEvent.click(rows(el)[1]!);
    await waitFor(() => expect(part(el, '[part="notice"]')?.textContent).toMatch(/Could not open it: .*could not be reached/));
    await expect(rows(el).length).toBe(TASKS.length);
  },
};

/** Forty tasks: ten at a time inline, and "Load more". */
export const LongList: Story = {
  name: 'Long list',
  parameters: { hostEmulator: { setup: tasks(40) } },
  play: async ({ canvasElement }) => {
    const el = await ready(canvasElement, 10);
    await userEvent.click(button(el, 'Load more tasks (10 of 40)'));
    await waitFor(() => expect(rows(el).length).toBe(20));
  },
};

/** A 320 px column: the open record takes the list's place, with Back. */
export const Narrow: Story = {
  parameters: { hostEmulator: { setup: tasks(TASKS.length, 3), width: 320 } },
  play: async ({ canvasElement }) => {
    const el = widgetIn(canvasElement);
    await waitFor(() => expect(part(el, '#detail-title')?.textContent).toBe('Renew the TLS certificate'));
    await waitFor(() => expect(button(el, 'Back to tasks')).toBeTruthy());
  },
};

/** Full screen: list and record side by side, fifty rows a page. */
export const Fullscreen: Story = {
  globals: { displayMode: 'fullscreen' },
  parameters: { hostEmulator: { setup: tasks(TASKS.length, 4) } },
  play: async ({ canvasElement }) => {
    const el = await ready(canvasElement, TASKS.length);
    await waitFor(() => expect(part(el, '#detail-title')?.textContent).toBe('Answer the support backlog'));
  },
};

/** The dark theme, with a record open. */
export const Dark: Story = {
  globals: { theme: 'dark' },
  parameters: { hostEmulator: { setup: tasks(TASKS.length, 0) } },
  play: async ({ canvasElement }) => {
    const el = await ready(canvasElement, TASKS.length);
    await waitFor(() => expect(part(el, '#detail-title')).toBeTruthy());
  },
};
