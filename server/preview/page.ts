/**
 * The preview page at `/`: every registered widget, rendered in this page through the standalone
 * host transport against this very server, so `npm start` shows real widgets working.
 * The page is static HTML; client.ts (built by vite to dist/preview/preview.js) does the rest.
 */
import type { SkylitApp } from '../app.ts';

/** Content-Security-Policy of the preview page: own scripts only, network only to this server. */
export const PREVIEW_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** What client.ts reads from the page (a JSON data block). */
export interface PreviewConfig {
  mcpPath: string;
  widgets: { id: string; tag: string; attributes: Record<string, string>; tool: string; args: Record<string, unknown> }[];
}

export function previewConfig(app: SkylitApp, mcpPath: string): PreviewConfig {
  return {
    mcpPath,
    widgets: app.registry.widgets.map(({ manifest, tools }) => ({
      id: manifest.id,
      tag: manifest.tag,
      attributes: manifest.attributes ?? {},
      tool: manifest.preview?.tool ?? tools[0]!.name,
      args: manifest.preview?.args ?? {},
    })),
  };
}

export function previewPage(app: SkylitApp, mcpPath: string, mcpUrl = mcpPath): string {
  const config = previewConfig(app, mcpPath);
  const sections = app.registry.widgets
    .map(({ manifest, tools }, index) => {
      const toolList = tools.map((t) => `<code>${escape(t.name)}</code>`).join(' ');
      const { uris } = app.resources.get(manifest.id)!;
      return `<section class="widget" aria-labelledby="w${index}">
<h2 id="w${index}">${escape(manifest.title ?? manifest.name)} <small>${escape(manifest.id)} ${escape(manifest.version)}</small></h2>
<div class="cols">
<div class="stage" data-widget="${escape(manifest.id)}" aria-live="polite"><p class="status">Loading ${escape(config.widgets[index]!.tool)}…</p></div>
<div><p>${escape(manifest.description)}</p>
<p class="meta">Tools: ${toolList}<br>Resources: <code>${escape(uris.mcpApps)}</code> (MCP Apps), <code>${escape(uris.openai)}</code> (ChatGPT)</p></div>
</div>
</section>`;
    })
    .join('\n');
  const body =
    app.registry.widgets.length === 0
      ? `<section class="empty"><h2>No widgets yet</h2><p>This server runs and answers MCP requests at <code>${escape(mcpUrl)}</code>,
but no widget is registered. Register one in <code>server/widgets/index.ts</code> (see server/README.md) and restart.</p></section>`
      : sections;
  const scripts =
    app.registry.widgets.length === 0
      ? ''
      : [...app.registry.widgets.map((w) => `<script type="module" src="/preview/widgets/${encodeURIComponent(w.manifest.id)}.js"></script>`),
          '<script type="module" src="/preview/preview.js"></script>'].join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Skylit preview</title>
<link rel="icon" href="data:,">
<style>
:root{color-scheme:light dark;font-family:system-ui,sans-serif;line-height:1.5}
body{margin:0 auto;max-width:72rem;padding:1rem 1.5rem}
h1{margin:0 0 .25rem}h2 small{font-weight:normal;font-size:.8rem;opacity:.7}
.widget,.empty{border:1px solid color-mix(in srgb,currentColor 20%,transparent);border-radius:.75rem;padding:1rem 1.25rem;margin:1rem 0}
.meta{font-size:.85rem;opacity:.8;overflow-wrap:anywhere}.error{color:#b3261e}
.cols{display:grid;gap:.5rem 2rem}@media (min-width:60rem){.cols{grid-template-columns:minmax(0,40rem) minmax(0,1fr)}}
code{font-size:.85em}
</style>
</head>
<body>
<header><h1>Skylit preview</h1>
<p>${app.registry.widgets.length} widget${app.registry.widgets.length === 1 ? '' : 's'}, ${app.tools.length} tool${app.tools.length === 1 ? '' : 's'}. MCP endpoint (Streamable HTTP): <code>${escape(mcpUrl)}</code>.${app.registry.widgets.length ? ' Each widget below is rendered by the standalone host and calls this server for real.' : ''}</p></header>
<main>
${body}
</main>
<script type="application/json" id="skylit-preview-config">${JSON.stringify(config).replace(/</g, '\\u003c')}</script>
${scripts}
</body>
</html>
`;
}

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
