/**
 * The `/manager` page: the widget manager for a person, built from Skylit's own components. The list
 * and the forms are <sky-list-detail> driven by the manager's tools through a standalone host that
 * calls this server (`server-url`), exactly as a chat host would render the manager widget; beside it,
 * an archive picker (a file input list-detail has no kind for) and the panel that opens an installed
 * widget. Static HTML; client.ts (built by vite to dist/manager/manager.js) does the rest.
 */
import type { SkylitApp } from '../app.ts';
import { managerWidgetManifest } from './widget-manifest.ts';

/** Own scripts only, network only to this server, frames only from the widget sandbox's origin. */
export function managerCsp(sandboxUrl: string | null): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "connect-src 'self'",
    `frame-src ${sandboxUrl ? new URL(sandboxUrl).origin : "'none'"}`,
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** What client.ts reads from the page. */
export interface ManagerPageConfig {
  mcpPath: string;
  /** Bearer-token auth is on: the page asks for a token first. */
  auth: boolean;
  attributes: Record<string, string>;
  /** The sandbox page an opened widget runs in (another origin), or null when this server runs none. */
  sandboxUrl: string | null;
}

export function managerPage(app: SkylitApp, mcpPath: string, auth: boolean, sandboxUrl: string | null = null): string {
  const config: ManagerPageConfig = { mcpPath, auth, attributes: managerWidgetManifest.attributes, sandboxUrl };
  const builtins = app.registry.widgets
    .filter(({ manifest }) => manifest.id !== managerWidgetManifest.id)
    .map(({ manifest, tools }) => `<li><strong>${escape(manifest.title ?? manifest.name)}</strong> <span class="meta">${escape(manifest.id)} ${escape(manifest.version)} · ${tools.map((t) => `<code>${escape(t.name)}</code>`).join(' ')}</span></li>`)
    .join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Widgets · Skylit</title>
<link rel="icon" href="data:,">
<style>
:root{color-scheme:light dark;font-family:system-ui,sans-serif;line-height:1.5}
body{margin:0 auto;max-width:72rem;padding:1rem 1.5rem}
h1{margin:0 0 .25rem}
section{border:1px solid color-mix(in srgb,currentColor 25%,transparent);border-radius:.75rem;padding:1rem 1.25rem;margin:1rem 0}
.meta{font-size:.85rem;opacity:.85;overflow-wrap:anywhere}
sky-list-detail{display:block;min-height:20rem}
button,input{font:inherit}
button{padding:.4rem .9rem;border-radius:.4rem;border:1px solid currentColor;background:transparent;color:inherit;cursor:pointer}
button:disabled{opacity:.6;cursor:default}
:focus-visible{outline:3px solid #1a73e8;outline-offset:2px}
.row{display:flex;flex-wrap:wrap;gap:.5rem;align-items:center}
.error{color:#b3261e}
@media (prefers-color-scheme:dark){.error{color:#f2b8b5}}
#panel pre{white-space:pre-wrap;overflow-wrap:anywhere;font-size:.85rem}
</style>
</head>
<body>
<header><h1>Widgets</h1>
<p>The widget packages of this server’s chat. Installed and enabled, a package’s tools and views are in every chat that uses
<code>${escape(mcpPath)}</code>, with no registration in the chat app: install by URL, from a manifest, from an archive or from the curated list; enable or disable; open one.</p></header>
<main>
${auth ? `<section id="signin" aria-labelledby="signin-title"><h2 id="signin-title">Sign in</h2>
<p>This server checks bearer tokens: paste an access token for it. It is kept in this tab only.</p>
<div class="row"><label for="token">Access token</label><input id="token" type="password" autocomplete="off"><button id="use-token" type="button">Use this token</button></div></section>` : ''}
<section aria-labelledby="installed-title"><h2 id="installed-title">Installed widgets</h2>
<div id="manager-stage" aria-live="polite"><p class="status">Loading…</p></div>
</section>
<section aria-labelledby="archive-title"><h2 id="archive-title">Install from a package archive</h2>
<p class="meta">A .tgz holding <code>manifest.json</code> and the files its <code>main</code> names (a process package: its code runs on this server, if the server allows it).</p>
<div class="row"><label for="archive">Package archive (.tgz)</label><input id="archive" type="file" accept=".tgz,.tar.gz,application/gzip">
<button id="archive-install" type="button">Install the archive</button></div>
<p id="archive-status" role="status"></p>
</section>
<section aria-labelledby="open-title"><h2 id="open-title">Open a widget</h2>
<p id="open-hint">Open an enabled widget in the list (select it), then open it here.</p>
<button id="open" type="button" disabled>Open the selected widget</button>
<div id="panel" aria-live="polite"></div>
</section>
<section aria-labelledby="builtin-title"><h2 id="builtin-title">Built in</h2>
<p class="meta">Always on; part of this server.</p>
<ul>${builtins || '<li>None.</li>'}</ul>
</section>
</main>
<script type="application/json" id="skylit-manager-config">${JSON.stringify(config).replace(/</g, '\\u003c')}</script>
<script type="module" src="/manager/manager.js"></script>
</body>
</html>
`;
}

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
