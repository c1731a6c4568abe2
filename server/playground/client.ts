/**
 * Browser script of the host playground (its own vite entry: dist/playground/playground.js).
 * Lists a server's tools that have a UI, builds argument fields from each tool's input schema,
 * opens the chosen one in <sky-widget-frame>, and logs what passes between page and widget.
 * Everything is rendered through Lit templates (no HTML from the server is ever parsed here).
 */
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import { html, nothing, render } from 'lit';
import '../../components/widget-frame/define.ts';
import { uiResourceOf } from '../../components/widget-frame/load.ts';
import { clientFor, toolsOf } from '../../components/widget-frame/server-client.ts';
import type { SkyWidgetFrame, ToolCallDetail } from '../../components/widget-frame/widget-frame.ts';
import type { TraceEntry } from '../../components/widget-frame/frame-transport.ts';
import type { PlaygroundConfig } from './page.ts';

type Json = Record<string, unknown>;
interface Field {
  name: string;
  type: 'string' | 'number' | 'integer' | 'boolean' | 'enum' | 'json';
  required: boolean;
  description?: string;
  options?: string[];
}

const config = JSON.parse(document.getElementById('skylit-playground-config')!.textContent!) as PlaygroundConfig;
const query = new URLSearchParams(location.search);
const controls = document.getElementById('controls')!;
const stage = document.getElementById('stage')!;
const log = document.getElementById('log')!;
const logControls = document.getElementById('log-controls')!;

const state = {
  server: query.get('server') ?? new URL(config.mcpPath, location.href).href,
  tools: [] as Tool[],
  others: 0,
  tool: query.get('tool') ?? '',
  args: query.get('arguments') ?? '{}',
  dialect: (query.get('dialect') ?? 'auto') as 'auto' | 'mcp-apps' | 'openai',
  theme: query.get('theme') ?? '',
  status: '',
  error: false,
};

function draw(): void {
  const tool = state.tools.find((t) => t.name === state.tool);
  const fields = tool ? fieldsOf(tool) : [];
  render(
    html`<form @submit=${(e: Event) => e.preventDefault()}>
      <label for="server">MCP server URL</label>
      <div class="row">
        <input id="server" type="url" .value=${state.server} @change=${(e: Event) => (state.server = (e.target as HTMLInputElement).value)} @keydown=${onEnter(connect)} />
        <button type="button" @click=${connect}>Connect</button>
      </div>
      <p class="status ${state.error ? 'error' : ''}" role="status">${state.status}</p>
      ${state.tools.length
        ? html`<label for="tool">Tool <span class="hint">(${state.tools.length} with a UI${state.others ? `, ${state.others} without` : ''})</span></label>
            <select id="tool" @change=${(e: Event) => chooseTool((e.target as HTMLSelectElement).value)}>
              ${state.tools.map((t) => html`<option value=${t.name} ?selected=${t.name === state.tool}>${t.title ?? t.annotations?.title ?? t.name} (${t.name})</option>`)}
            </select>
            ${tool?.description ? html`<p class="hint">${tool.description}</p>` : nothing}
            ${fields.map((field) => fieldTemplate(field))}
            <label for="args">Arguments (JSON)</label>
            <textarea id="args" .value=${state.args} @input=${(e: Event) => (state.args = (e.target as HTMLTextAreaElement).value)} @change=${draw}></textarea>
            <div class="row">
              <div><label for="dialect">Dialect</label>
                <select id="dialect" @change=${(e: Event) => (state.dialect = (e.target as HTMLSelectElement).value as typeof state.dialect)}>
                  ${['auto', 'mcp-apps', 'openai'].map((d) => html`<option value=${d} ?selected=${d === state.dialect}>${d === 'auto' ? 'MCP Apps first' : d === 'openai' ? 'ChatGPT (skybridge)' : 'MCP Apps'}</option>`)}
                </select></div>
              <div><label for="theme">Theme</label>
                <select id="theme" @change=${(e: Event) => (state.theme = (e.target as HTMLSelectElement).value)}>
                  ${[['', 'Page'], ['light', 'Light'], ['dark', 'Dark']].map(([v, l]) => html`<option value=${v!} ?selected=${v === state.theme}>${l}</option>`)}
                </select></div>
            </div>
            <div class="row"><button type="button" class="primary" @click=${open}>Open widget</button></div>`
        : nothing}
    </form>`,
    controls,
  );
}

function fieldTemplate(field: Field) {
  const id = `arg-${field.name}`;
  const args = parsedArgs();
  const value = args?.[field.name];
  const label = html`<label for=${id}>${field.name}${field.required ? ' (required)' : ''} ${field.description ? html`<span class="hint">${field.description}</span>` : nothing}</label>`;
  const set = (next: unknown) => {
    const current = parsedArgs() ?? {};
    if (next === '' || next === undefined) delete current[field.name];
    else current[field.name] = next;
    state.args = JSON.stringify(current, null, 2);
    draw();
  };
  switch (field.type) {
    case 'boolean':
      return html`<label class="check" for=${id}><input id=${id} type="checkbox" .checked=${value === true} @change=${(e: Event) => set((e.target as HTMLInputElement).checked)} />${field.name}</label>`;
    case 'enum':
      return html`${label}<select id=${id} @change=${(e: Event) => set((e.target as HTMLSelectElement).value)}>
        <option value="">(none)</option>${field.options!.map((o) => html`<option ?selected=${o === value}>${o}</option>`)}</select>`;
    case 'number':
    case 'integer':
      return html`${label}<input id=${id} type="number" step=${field.type === 'integer' ? '1' : 'any'} .value=${value === undefined ? '' : String(value)} @change=${(e: Event) => {
        const text = (e.target as HTMLInputElement).value;
        set(text === '' ? undefined : Number(text));
      }} />`;
    case 'string':
      return html`${label}<input id=${id} type="text" .value=${typeof value === 'string' ? value : ''} @change=${(e: Event) => set((e.target as HTMLInputElement).value)} />`;
    default:
      return html`${label}<p class="hint" id=${id}>Structured: edit it in the JSON below.</p>`;
  }
}

function fieldsOf(tool: Tool): Field[] {
  const schema = tool.inputSchema as { properties?: Record<string, Json>; required?: string[] };
  return Object.entries(schema.properties ?? {}).map(([name, prop]) => {
    const base = { name, required: schema.required?.includes(name) ?? false, description: typeof prop.description === 'string' ? prop.description : undefined };
    if (Array.isArray(prop.enum) && prop.enum.every((v) => typeof v === 'string')) return { ...base, type: 'enum', options: prop.enum as string[] };
    const type = prop.type;
    if (type === 'string' || type === 'number' || type === 'integer' || type === 'boolean') return { ...base, type };
    return { ...base, type: 'json' };
  });
}

function parsedArgs(): Json | null {
  try {
    const value: unknown = JSON.parse(state.args || '{}');
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : null;
  } catch {
    return null;
  }
}

async function connect(): Promise<void> {
  state.status = `Connecting to ${state.server}…`;
  state.error = false;
  state.tools = [];
  draw();
  try {
    const all = await toolsOf(await clientFor(state.server));
    state.tools = all.filter((t) => uiResourceOf(t, 'auto'));
    state.others = all.length - state.tools.length;
    state.status = state.tools.length ? `${new URL(state.server).host}: ${all.length} tools.` : `${new URL(state.server).host} has no tools with a UI.`;
    if (!state.tools.some((t) => t.name === state.tool)) chooseTool(state.tools[0]?.name ?? '', false);
  } catch (error) {
    state.error = true;
    state.status = `Could not connect: ${error instanceof Error ? error.message : String(error)}. Check the URL, and that the server allows this page's origin (SKYLIT_CORS_ORIGINS).`;
  }
  draw();
}

function chooseTool(name: string, redraw = true): void {
  if (name !== state.tool) state.args = '{}';
  state.tool = name;
  if (redraw) draw();
}

function open(): void {
  const frame = document.createElement('sky-widget-frame') as SkyWidgetFrame;
  if (config.sandboxUrl) frame.sandbox = config.sandboxUrl;
  frame.server = state.server;
  frame.tool = state.tool;
  frame.argumentsText = state.args;
  frame.dialect = state.dialect;
  if (state.theme) frame.theme = state.theme;
  frame.maxHeight = Math.max(360, innerHeight - 160);
  frame.addEventListener('sky-trace', (e) => logTrace((e as CustomEvent<TraceEntry>).detail));
  frame.addEventListener('sky-tool-call', (e) => logCall((e as CustomEvent<ToolCallDetail>).detail));
  frame.addEventListener('sky-message', (e) => entry('gate', `message for the chat: ${(e as CustomEvent<{ text: string }>).detail.text}`));
  frame.addEventListener('sky-close-request', () => entry('gate', 'the widget asked to be closed'));
  stage.replaceChildren(frame);
  const url = new URL(location.href);
  url.search = new URLSearchParams({ server: state.server, tool: state.tool, arguments: state.args, ...(state.dialect !== 'auto' ? { dialect: state.dialect } : {}) }).toString();
  history.replaceState(null, '', url);
}

function logTrace({ direction, message }: TraceEntry): void {
  const m = message as Json;
  const what = typeof m?.method === 'string' ? m.method : 'id' in (m ?? {}) ? `answer to #${String(m.id)}${m.error ? ' (error)' : ''}` : 'message';
  entry(direction === 'out' ? 'out' : direction === 'in' ? 'in' : 'gate', `${direction === 'out' ? '→ widget' : direction === 'in' ? '← widget' : '✕ dropped'} ${what}`, message);
}

function logCall(call: ToolCallDetail): void {
  entry(call.outcome === 'ok' ? 'in' : 'gate', `tool call ${call.name}: ${call.outcome}${call.reason ? ` (${call.reason})` : ''}`, { arguments: call.arguments, result: call.result });
}

const entries: { kind: string; text: string; data?: unknown; time: string }[] = [];
function entry(kind: string, text: string, data?: unknown): void {
  entries.push({ kind, text, data, time: new Date().toLocaleTimeString() });
  if (entries.length > 500) entries.shift();
  drawLog();
}

function drawLog(): void {
  render(
    entries.map(
      (e) => html`<li class=${e.kind}>${e.data === undefined ? html`${e.time} ${e.text}` : html`<details><summary>${e.time} ${e.text}</summary><pre>${JSON.stringify(e.data, null, 2)}</pre></details>`}</li>`,
    ),
    log,
  );
  log.scrollTop = log.scrollHeight;
}

function onEnter(action: () => unknown) {
  return (e: KeyboardEvent) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      void action();
    }
  };
}

render(html`<button type="button" @click=${() => ((entries.length = 0), drawLog())}>Clear log</button>`, logControls);
draw();
void connect().then(() => {
  if (query.get('tool') && state.tools.some((t) => t.name === state.tool)) open();
});
