// The server's CDN mode (server/assets.ts) as a chat host shows it: the page the server publishes is
// a small shell whose bundle comes from a second local origin (the "CDN"), in a cross-origin frame
// sandboxed with `allow-scripts` only, under the CSP an MCP Apps host builds from the domains the
// resource declares (default-src 'none'; scripts only from the frame itself and those domains).
// Played with the real mouse on both host transports; and refused, visibly, when the CSP does not
// list the origin or the CDN serves other bytes than the server pinned.
import { expect, waitUntil } from '@open-wc/testing';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { closeSandboxedWidgets, MCP_APPS_DEFAULT_CSP, openSandboxedWidget } from '../fixtures/sandbox.ts';
import { consoleErrors, watchConsole } from '../fixtures/real-input.ts';
import { inPageServer } from '../fixtures/server-in-page.ts';

const WIDGET = 'dev.skylit.chess-board';
const square = (name: string) => `[data-square="${name}"]`;

interface CdnPage {
  html: string;
  uri: string;
  src: string;
  csp: { connectDomains: string[]; resourceDomains: string[]; frameDomains: string[] };
}

async function cdnPage(dialect: 'mcp-apps' | 'openai', base = 'skylit'): Promise<CdnPage> {
  const response = await fetch(`/__skylit/cdn-widgets/${WIDGET}.${dialect}.json?base=${base}`);
  if (!response.ok) throw new Error(await response.text());
  return response.json();
}

/** The CSP an MCP Apps host sets for a resource (SEP-1865): its declared domains, nothing else. */
function hostCsp(csp: CdnPage['csp']): string {
  const resources = csp.resourceDomains.join(' ');
  return [
    "default-src 'none'",
    `script-src 'self' 'unsafe-inline' ${resources}`,
    `style-src 'self' 'unsafe-inline' ${resources}`,
    `img-src 'self' data: ${resources}`,
    `font-src 'self' ${resources}`,
    "media-src 'self' data:",
    `connect-src ${csp.connectDomains.join(' ') || "'none'"}`,
    `frame-src ${csp.frameDomains.join(' ') || "'none'"}`,
  ].join('; ');
}

afterEach(() => closeSandboxedWidgets());

for (const dialect of ['mcp-apps', 'openai'] as const) {
  it(`${dialect}: the shell loads the bundle from the CDN origin it declares, and a real mouse plays a move`, async () => {
    const page = await cdnPage(dialect);
    const cdnOrigin = new URL(page.src).origin;
    expect(cdnOrigin).to.not.equal(location.origin);
    expect(page.csp.resourceDomains).to.deep.equal([cdnOrigin]);
    expect(page.uri).to.match(/^ui:\/\/widget\/chess-board\.\d+\.\d+\.\d+[^.]*\.[0-9a-f]{12}(\.skybridge)?\.html$/);
    expect(page.html).to.not.match(/<script type="module">/, 'no inline bundle');

    const server = inPageServer();
    const result: CallToolResult = await server.call('chess_new_game', {});
    const widget = await openSandboxedWidget({ widgetId: WIDGET, dialect, result, page: page.html, csp: hostCsp(page.csp), callTool: (name, args) => server.call(name, args) });
    await widget.until(async () => Boolean(await widget.query(square('e2'))), 'no board');
    await widget.click(square('e2'));
    await widget.click(square('e4'));
    await widget.until(() => widget.calls.some((call) => call.name === 'chess_make_move'), 'no move was sent');
    await widget.until(async () => (await widget.query(square('e4')))?.attrs['aria-label'] === 'e4, white pawn', 'the pawn is not on e4');
    expect(await widget.errors()).to.deep.equal([]);
  });
}

/** Shows a page in a sandboxed frame under `csp` and resolves with the console errors it caused. */
async function errorsOf(html: string, csp: string): Promise<string[]> {
  await watchConsole();
  const frame = document.createElement('iframe');
  frame.setAttribute('sandbox', 'allow-scripts');
  frame.srcdoc = html.replace('<head>', `<head><meta http-equiv="Content-Security-Policy" content="${csp}">`);
  document.body.append(frame);
  const errors: string[] = [];
  try {
    await waitUntil(async () => (errors.push(...(await consoleErrors())), errors.length > 0), 'the frame reported no error', { timeout: 5000 });
    return errors;
  } finally {
    frame.remove();
  }
}

it('a host CSP that does not list the CDN origin blocks the bundle (so the resource declares it)', async () => {
  const page = await cdnPage('mcp-apps');
  const errors = await errorsOf(page.html, MCP_APPS_DEFAULT_CSP);
  expect(errors.join('\n')).to.match(/Content Security Policy/);
  expect(errors.join('\n')).to.include(new URL(page.src).origin);
});

it('a CDN that serves other bytes than the server pinned is refused (Subresource Integrity)', async () => {
  const page = await cdnPage('mcp-apps', 'tampered');
  const errors = await errorsOf(page.html, hostCsp(page.csp));
  expect(errors.join('\n')).to.match(/integrity/i);
});
