/**
 * Browser script of the /manager page (its own vite entry: dist/manager/manager.js). Mounts
 * <sky-list-detail> with the manager's tool names and a standalone host calling this server, like
 * the preview page does; installs archives; opens the selected widget in <sky-widget-frame>
 * (openWidget, below).
 */
import '../../components/list-detail/define.ts';
import '../../components/widget-frame/define.ts';
import { clientFor } from '../../components/widget-frame/server-client.ts';
import type { SkyWidgetFrame } from '../../components/widget-frame/widget-frame.ts';
import { createHost, resultText } from '../../components/host/index.ts';
import { newRequestId } from '../../components/host/results.ts';
import type { Host, JsonObject, ToolResult } from '../../components/host/types.ts';
import type { ManagerPageConfig } from './page.ts';

type ManagerElement = HTMLElement & { host?: Host; load?: () => Promise<void> };

const TOKEN_KEY = 'skylit-manager-token';

async function main(): Promise<void> {
  const data = document.getElementById('skylit-manager-config')?.textContent;
  if (!data) return;
  const config = JSON.parse(data) as ManagerPageConfig;
  const serverUrl = new URL(config.mcpPath, location.href).href;
  if (config.auth) {
    const input = document.getElementById('token') as HTMLInputElement;
    const use = document.getElementById('use-token') as HTMLButtonElement;
    const saved = sessionStorage.getItem(TOKEN_KEY);
    if (!saved) {
      use.addEventListener('click', () => {
        if (!input.value.trim()) return;
        sessionStorage.setItem(TOKEN_KEY, input.value.trim());
        location.reload();
      });
      status('manager-stage', 'Paste an access token above to see your widgets.');
      return;
    }
  }
  const token = sessionStorage.getItem(TOKEN_KEY);
  const headers: Record<string, string> = config.auth && token ? { authorization: `Bearer ${token}` } : {};
  const host = createHost({ transport: 'standalone', standalone: { serverUrl, headers } });
  const element = document.createElement('sky-list-detail') as ManagerElement;
  for (const [name, value] of Object.entries(config.attributes)) element.setAttribute(name, value);
  element.host = host;
  const stage = document.getElementById('manager-stage')!;
  try {
    const first = await host.callTool(config.attributes['list-tool']!, {});
    if (first.isError) throw new Error(resultText(first) || 'the list could not be loaded');
    (host as unknown as { showResult(result: ToolResult): void }).showResult(first);
    stage.replaceChildren(element);
  } catch (error) {
    status('manager-stage', `Could not load your widgets: ${(error as Error).message}`, true);
    return;
  }
  wireOpening(host, element, serverUrl, headers, config.sandboxUrl);
  wireArchive(host, element);
}

/** The selected widget: the Open button follows it (enabled widgets only). */
function wireOpening(host: Host, element: ManagerElement, serverUrl: string, headers: Record<string, string>, sandboxUrl: string | null): void {
  const button = document.getElementById('open') as HTMLButtonElement;
  const hint = document.getElementById('open-hint')!;
  const panel = document.getElementById('panel')!;
  let selected: { id: string; name: string } | null = null;
  const follow = async (id: string) => {
    const result = await host.callTool('widget_get', { id });
    const record = (result.structuredContent as { selected?: { values?: Record<string, unknown> } } | null)?.selected;
    const name = String(record?.values?.name ?? id);
    const enabled = record?.values?.enabled === true;
    selected = enabled ? { id, name } : null;
    button.disabled = !enabled;
    button.textContent = enabled ? `Open ${name}` : 'Open the selected widget';
    hint.textContent = enabled ? `${name} is enabled: open it here.` : `${name} is disabled: enable it (tick “Enabled” and save) to open it.`;
  };
  element.addEventListener('sky-select', (event) => void follow((event as CustomEvent<{ id: string }>).detail.id));
  element.addEventListener('sky-save', (event) => void follow((event as CustomEvent<{ id: string }>).detail.id));
  button.addEventListener('click', async () => {
    if (!selected) return;
    button.disabled = true;
    try {
      const opened = await host.callTool('widget_open', { id: selected.id });
      if (opened.isError) throw new Error(resultText(opened));
      const instance = opened._meta?.['skylit/widgetInstance'] as { panelId: string; tool: string; args: JsonObject } | undefined;
      if (!instance) throw new Error('the server did not say what to open');
      await openWidget(panel, { serverUrl, headers, sandboxUrl, name: selected.name, ...instance });
    } catch (error) {
      panel.replaceChildren(paragraph(`Could not open ${selected.name}: ${(error as Error).message}`, true));
    } finally {
      button.disabled = false;
    }
  });
}

export interface OpenWidgetOptions {
  /** This server's MCP endpoint. */
  serverUrl: string;
  /** Sent with each of the frame's requests (the access token when auth is on). */
  headers: Record<string, string>;
  /** The sandbox page on this server's second origin; null: the frame says it has none. */
  sandboxUrl: string | null;
  name: string;
  /** The published (namespaced) tool to open with, its arguments, and the instance's panel id. */
  tool: string;
  args: JsonObject;
  panelId: string;
}

/**
 * Opens an installed widget: <sky-widget-frame> calls its tool on this server and runs the UI
 * resource the tool names in the sandbox (another origin, the CSP the resource declares), asking
 * before the widget writes. A package's HTML never runs in this page itself. A tool without a UI
 * shows its answer as text (the frame's "no UI" state).
 */
export async function openWidget(panel: HTMLElement, options: OpenWidgetOptions): Promise<void> {
  const heading = document.createElement('h3');
  heading.tabIndex = -1;
  heading.textContent = `${options.name} (panel ${options.panelId})`;
  const frame = document.createElement('sky-widget-frame') as SkyWidgetFrame;
  if (options.sandboxUrl) frame.sandbox = options.sandboxUrl;
  frame.client = await clientFor(options.serverUrl, options.headers);
  frame.tool = options.tool;
  frame.toolArguments = options.args;
  panel.replaceChildren(heading, frame);
  heading.focus();
}

/** "Install the archive": the file as base64 through widget_install, then the list again. */
function wireArchive(host: Host, element: ManagerElement): void {
  const input = document.getElementById('archive') as HTMLInputElement;
  const button = document.getElementById('archive-install') as HTMLButtonElement;
  button.addEventListener('click', async () => {
    const file = input.files?.[0];
    if (!file) {
      status('archive-status', 'Choose a package archive (.tgz) first.', true);
      input.focus();
      return;
    }
    button.disabled = true;
    status('archive-status', `Installing ${file.name}…`);
    try {
      const data = await base64(file);
      const result = await host.callTool('widget_install', { values: { source: 'file', location: file.name }, archive: { name: file.name, data }, requestId: newRequestId() });
      status('archive-status', resultText(result), Boolean(result.isError));
      if (!result.isError) await element.load?.();
    } catch (error) {
      status('archive-status', `Not installed: ${(error as Error).message}`, true);
    } finally {
      button.disabled = false;
    }
  });
}

async function base64(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

function status(id: string, text: string, error = false): void {
  const target = document.getElementById(id);
  if (!target) return;
  if (target.getAttribute('role') === 'status') {
    target.textContent = text;
    target.classList.toggle('error', error);
  } else target.replaceChildren(paragraph(text, error));
}

function paragraph(text: string, error = false): HTMLParagraphElement {
  const p = document.createElement('p');
  p.textContent = text;
  if (error) p.className = 'error';
  return p;
}

void main();
