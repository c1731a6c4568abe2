/**
 * Opens <sky-widget-frame> the way a page does, for the frame's browser tests: the page is
 * http://localhost:<port>, the sandbox http://127.0.0.1:<port>/__skylit/sandbox (another origin),
 * the servers are Skylit's real one (/__skylit/mcp) and a third-party fixture (/__fixture/mcp,
 * test/fixtures/third-party-server.mjs). Collects everything the element tells the page, and
 * presses the fixture widget's buttons with the real mouse at the boxes the widget reports.
 */
import { waitUntil as waitUntilOnce } from '@open-wc/testing';
import { setViewport } from '@web/test-runner-commands';
import '../../components/widget-frame/define.ts';
import type { SkyWidgetFrame, ToolCallDetail } from '../../components/widget-frame/widget-frame.ts';
import type { TraceEntry } from '../../components/widget-frame/frame-transport.ts';
import { consoleErrors, tapAt, watchConsole, type Point } from '../fixtures/real-input.ts';

export const SANDBOX = `http://127.0.0.1:${location.port}/__skylit/sandbox`;

/** open-wc's waitUntil with room for a machine under load (5 s unless told), checking often. */
export function waitUntil(check: () => unknown, message: string, options: { timeout?: number; interval?: number } = {}): Promise<void> {
  return waitUntilOnce(check as () => boolean | Promise<boolean>, message, { timeout: 5000, interval: 20, ...options });
}
export const SKYLIT = '/__skylit/mcp';
export const FIXTURE = '/__fixture/mcp';

type Json = Record<string, any>;

export interface OpenedFrame {
  el: SkyWidgetFrame;
  calls: ToolCallDetail[];
  messages: Json[];
  /** What the widget reported (model context; a ChatGPT widget's state), newest last. */
  reports: Json[];
  traces: TraceEntry[];
  /** Waits for a report that passes `check` and returns it. */
  report(check: (r: Json) => unknown, message: string, timeout?: number): Promise<Json>;
  /** Presses a fixture button (by its id) with the real mouse. */
  press(button: string): Promise<void>;
  /** The centre of a point of the widget's page, in this page's pixels. */
  at(x: number, y: number): Point;
}

const opened = new Set<SkyWidgetFrame>();

export function closeFrames(): void {
  for (const el of opened) el.remove();
  opened.clear();
  localStorage.removeItem('skylit:widget-frame:grants');
}

export async function openFrame(attrs: Json & { tool: string; server?: string }, options: { wait?: 'ready' | 'none'; parent?: HTMLElement } = {}): Promise<OpenedFrame> {
  await watchConsole();
  await setViewport({ width: 1000, height: 900 });
  const el = document.createElement('sky-widget-frame');
  el.sandbox = SANDBOX;
  el.server = attrs.server ?? FIXTURE;
  for (const [key, value] of Object.entries(attrs)) {
    if (key === 'server') continue;
    if (key === 'arguments') el.setAttribute('arguments', typeof value === 'string' ? value : JSON.stringify(value));
    else (el as unknown as Json)[key] = value;
  }
  el.style.width = '460px';
  const calls: ToolCallDetail[] = [];
  const messages: Json[] = [];
  const reports: Json[] = [];
  const traces: TraceEntry[] = [];
  el.addEventListener('sky-tool-call', (e) => calls.push((e as CustomEvent).detail));
  el.addEventListener('sky-message', (e) => messages.push((e as CustomEvent).detail));
  el.addEventListener('sky-trace', (e) => traces.push((e as CustomEvent).detail));
  el.addEventListener('sky-model-context', (e) => {
    const sc = (e as CustomEvent).detail.structuredContent ?? {};
    reports.push(sc.widgetState ?? sc);
  });
  (options.parent ?? document.body).append(el);
  opened.add(el);
  let layout: Json | undefined;
  const frame: OpenedFrame = {
    el,
    calls,
    messages,
    reports,
    traces,
    async report(check, message, timeout = 8000) {
      let found: Json | undefined;
      try {
        await waitUntil(() => (found = [...reports].reverse().find((r) => check(r))), message, { timeout });
      } catch {
        const errors = await consoleErrors();
        throw new Error(`${message}; state ${el.state}${el.error ? ` (${el.error.message})` : ''}; reports ${JSON.stringify(reports).slice(0, 400)}; messages ${traces.map((t) => `${t.direction} ${(t.message as Json)?.method ?? (t.message as Json)?.id}`).join(', ')}; console errors: ${errors.join(' | ') || 'none'}`);
      }
      return found!;
    },
    at(x, y) {
      const box = el.shadowRoot!.querySelector('iframe')!.getBoundingClientRect();
      return [Math.round(box.left + x), Math.round(box.top + y)];
    },
    async press(button) {
      layout ??= (await frame.report((r) => r.ready, 'the widget never said it was ready')).layout;
      const box = layout![button];
      const iframe = el.shadowRoot!.querySelector('iframe')!;
      await waitUntil(() => iframe.getBoundingClientRect().height >= box.y + box.height, `the frame never grew to show ${button}`);
      // A frame on another origin takes input where it was last drawn: let its size settle (the same
      // height 100 ms apart) and two frames be painted, or a tap can land on the old layout and be lost.
      let last = -1;
      await waitUntil(() => last === (last = iframe.getBoundingClientRect().height), 'the frame never stopped resizing', { interval: 100 });
      await new Promise((painted) => requestAnimationFrame(() => requestAnimationFrame(painted)));
      await tapAt(frame.at(box.x + box.width / 2, box.y + box.height / 2));
    },
  };
  if (options.wait !== 'none') await waitUntil(() => el.state === 'ready' || el.state === 'error' || el.state === 'no-ui', 'the frame never settled', { timeout: 10000 });
  return frame;
}

/** The tool calls that reached the fixture server since the last look. */
export async function fixtureCalls(reset = false): Promise<string[]> {
  return (await fetch(`/__fixture/calls${reset ? '?reset' : ''}`)).json();
}

/** The open permission dialog of a frame, or null. */
export function promptOf(el: SkyWidgetFrame): HTMLDialogElement | null {
  const dialog = el.shadowRoot!.querySelector('dialog');
  return dialog?.open ? dialog : null;
}

export async function waitForPrompt(el: SkyWidgetFrame, traces: TraceEntry[] = []): Promise<HTMLDialogElement> {
  await waitUntil(() => promptOf(el), `no permission prompt appeared (last message: ${JSON.stringify(traces.at(-2)?.message ?? null).slice(0, 300)})`, { timeout: 5000 });
  return promptOf(el)!;
}

/** The element focused in the page, through shadow roots. */
/**
 * Waits until the focus is on `element` (shadow roots followed): moving it into a frame on another
 * origin crosses processes, so it lands a moment after the key press. Fails saying where it is. (Not
 * `expect(deepActive()).to.equal(element)`: a failed assertion holding a DOM element cannot be
 * reported by the test runner, which then hangs instead of failing.)
 */
export async function focusArrives(element: Element | null, what: string): Promise<void> {
  try {
    await waitUntil(() => deepActive() === element, '', { timeout: 2000 });
  } catch {
    const active = deepActive();
    const where = active ? `<${active.localName}${active.id ? `#${active.id}` : ''}> “${(active.textContent ?? '').trim().slice(0, 40)}”` : 'nothing';
    throw new Error(`the focus did not reach ${what}: it is on ${where}`);
  }
}

export function deepActive(): Element | null {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
}
