/**
 * <sky-widget-frame> in the states a page sees before (or instead of) a widget: loading, the tool
 * has no UI, and bad input with its message. Each runs against a client made here (no network), so
 * the stories stand alone; a live widget in the frame needs its sandbox origin: run `npm start` and
 * open http://127.0.0.1:8787/host.
 */
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { expect, waitFor } from 'storybook/test';
import '../components/widget-frame/define.ts';
import type { FrameClient, SkyWidgetFrame } from '../components/widget-frame/index.ts';

const TOOLS = [
  {
    name: 'notes_show',
    title: 'Show notes',
    inputSchema: { type: 'object' as const },
    annotations: { readOnlyHint: true },
    _meta: { ui: { resourceUri: 'ui://notes/notes.txt' } },
  },
  { name: 'notes_count', title: 'Count notes', inputSchema: { type: 'object' as const }, annotations: { readOnlyHint: true } },
];

/** A client answering from memory; `pending` never answers (the loading state). */
function client(pending = false): FrameClient {
  const never = new Promise<never>(() => {});
  return {
    listTools: async () => (pending ? never : { tools: TOOLS }),
    callTool: async () => ({ content: [{ type: 'text', text: '2 notes' }], structuredContent: { notes: ['a', 'b'] } }),
    readResource: async ({ uri }) => ({ contents: [{ uri, mimeType: 'text/plain', text: 'not a widget' }] }),
  };
}

/** What a story expects of the frame (parameters, not args: the docs page's controls are the element's). */
type Expect = { pending?: boolean; state: SkyWidgetFrame['state']; text: RegExp };
type Args = { tool: string; arguments?: string };

const meta = {
  title: 'Host/Widget frame',
  component: 'sky-widget-frame',
  // A page of its own, as a page that shows widgets would have: a main landmark and a heading.
  render: (args, { parameters }) =>
    html`<main style="padding: 1rem; font-family: system-ui, sans-serif">
      <h1 style="font-size: 1.1rem">A page showing ${args.tool}</h1>
      <sky-widget-frame
      style="max-width: 32rem"
      sandbox="https://sandbox.invalid/sandbox"
      server-id="in-memory server"
      tool=${args.tool}
      arguments=${args.arguments ?? '{}'}
      .client=${client((parameters.expect as Expect).pending)}
    ></sky-widget-frame>
    </main>`,
  play: async ({ canvasElement, parameters }) => {
    const { state, text } = parameters.expect as Expect;
    const frame = canvasElement.querySelector('sky-widget-frame')!;
    await waitFor(() => expect(frame.state).toBe(state));
    await frame.updateComplete;
    await expect(frame.shadowRoot!.querySelector('[part="status"]')!.textContent).toMatch(text);
  },
} satisfies Meta<Args>;
export default meta;

type Story = StoryObj<Args>;
const expecting = (expect: Expect) => ({ parameters: { expect } });

export const Loading: Story = { args: { tool: 'notes_show' }, ...expecting({ pending: true, state: 'loading', text: /Loading notes_show…/ }) };
export const NoUi: Story = { name: 'No UI for the tool', args: { tool: 'notes_count' }, ...expecting({ state: 'no-ui', text: /has no UI for Count notes/ }) };
export const BadArguments: Story = {
  name: 'Malformed arguments',
  args: { tool: 'notes_show', arguments: '{"label": ' },
  ...expecting({ state: 'error', text: /not valid JSON/ }),
};
export const UnknownTool: Story = { args: { tool: 'notes_nope' }, ...expecting({ state: 'error', text: /has no tool named "notes_nope"/ }) };
export const NotHtml: Story = { name: 'Resource is not HTML', args: { tool: 'notes_show' }, ...expecting({ state: 'error', text: /is text\/plain, not HTML/ }) };
