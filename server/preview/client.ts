/**
 * Browser script of the preview page (its own vite entry: dist/preview/preview.js). For each widget
 * on the page: a standalone host pointed at this server, the widget element given that host, and
 * one real tool call whose result becomes the view.
 */
import { createHost, resultText } from '../../components/host/index.ts';
import type { PreviewConfig } from './page.ts';

type HostedElement = HTMLElement & { host?: unknown };

async function main(): Promise<void> {
  const data = document.getElementById('skylit-preview-config')?.textContent;
  if (!data) return;
  const config = JSON.parse(data) as PreviewConfig;
  const serverUrl = new URL(config.mcpPath, location.href).href;
  await Promise.all(config.widgets.map((widget) => mount(widget, serverUrl)));
}

async function mount(widget: PreviewConfig['widgets'][number], serverUrl: string): Promise<void> {
  const stage = document.querySelector<HTMLElement>(`.stage[data-widget="${CSS.escape(widget.id)}"]`);
  if (!stage) return;
  const status = stage.querySelector<HTMLElement>('.status');
  try {
    await withTimeout(customElements.whenDefined(widget.tag), 5000, `<${widget.tag}> was never defined by its bundle`);
    // Like a chat host showing a widget inline: a chat-column width (the stage's CSS) and a height
    // that fits what is left of the window, so the whole widget is in view without scrolling.
    const maxHeight = Math.max(360, Math.round(window.innerHeight - stage.getBoundingClientRect().top - 24));
    const host = createHost({ transport: 'standalone', standalone: { serverUrl, toolInput: widget.args, maxHeight } });
    const element = document.createElement(widget.tag) as HostedElement;
    for (const [name, value] of Object.entries(widget.attributes ?? {})) element.setAttribute(name, value);
    element.host = host;
    const result = await host.callTool(widget.tool, widget.args);
    if (result.isError) throw new Error(resultText(result) || `${widget.tool} failed`);
    host.showResult(result);
    status?.remove();
    stage.append(element);
  } catch (error) {
    if (status) {
      status.textContent = `Could not show this widget: ${error instanceof Error ? error.message : String(error)}`;
      status.classList.add('error');
    }
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error(message)), ms)),
  ]);
}

void main();
