/**
 * Widget resources: for each widget one HTML shell per host dialect, each with that dialect's bundle
 * inlined (no external request), under a content-hashed `ui://` URI:
 * - MCP Apps: `text/html;profile=mcp-app`, `_meta.ui.csp / domain / prefersBorder`, the bundle
 *   carrying only the MCP Apps transport;
 * - ChatGPT: `text/html+skybridge`, `openai/widgetCSP / widgetDomain / widgetDescription / widgetPrefersBorder`,
 *   the bundle carrying only the `window.openai` transport.
 * Why two and not one: see server/README.md ("One resource or two").
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ReadResourceResult, Resource } from '@modelcontextprotocol/sdk/types.js';
import { assetUrl, cdnShell, elementAttributes, integrityOf, resolveAssets, withAssetOrigin, type AssetOptions } from './assets.ts';
import type { WidgetManifest } from './manifest.ts';
import type { Registry } from './registry.ts';
import type { WidgetUris } from './tools.ts';

export const MCP_APPS_MIME_TYPE = 'text/html;profile=mcp-app';
export const OPENAI_MIME_TYPE = 'text/html+skybridge';

/** A widget bundle built for one host dialect (server/build.ts). */
export type Dialect = 'mcp-apps' | 'openai';
export const DIALECTS: readonly Dialect[] = ['mcp-apps', 'openai'];

export interface WidgetResource {
  manifest: WidgetManifest;
  /** The HTML of each dialect's resource. */
  html: Record<Dialect, string>;
  uris: WidgetUris;
  /** The two resources/list entries (MCP Apps first). */
  entries: [Resource, Resource];
}

/**
 * Where the vite build puts a widget's bundle: `<id>.js` carries every transport (plain pages, the
 * preview); `<id>.<dialect>.js` only that host's, for its resource.
 */
export function bundlePath(distDir: string, widgetId: string, dialect?: Dialect): string {
  return join(distDir, 'widgets', dialect ? `${widgetId}.${dialect}.js` : `${widgetId}.js`);
}

/** Raised when a widget has no built bundle; the message says how to build it. */
export class MissingBundleError extends Error {
  constructor(readonly widgetId: string, readonly path: string) {
    super(`No bundle for widget ${widgetId} at ${path}. Build it with \`npm run build\` (npm start does this for you).`);
    this.name = 'MissingBundleError';
  }
}

/**
 * Reads every widget's dialect bundles and builds its resources. Throws MissingBundleError when one
 * is missing. With `assets`, each resource is a shell loading the bundle from that CDN instead
 * (assets.ts); the all-transport bundle is then read only for its integrity hash.
 */
export function loadWidgetResources(registry: Registry, distDir: string, assets?: AssetOptions): Map<string, WidgetResource> {
  const out = new Map<string, WidgetResource>();
  const cdn = assets ? resolveAssets(assets) : undefined;
  for (const { manifest } of registry.widgets) {
    if (cdn) {
      const path = bundlePath(distDir, manifest.id);
      if (!existsSync(path)) throw new MissingBundleError(manifest.id, path);
      const src = assetUrl(cdn, manifest);
      const integrity = integrityOf(readFileSync(path, 'utf8'));
      const html = { 'mcp-apps': cdnShell(manifest, 'mcp-apps', src, integrity), openai: cdnShell(manifest, 'openai', src, integrity) };
      out.set(manifest.id, publishResource(withAssetOrigin(manifest, cdn), html, `${manifest.name}.${cdn.version}`));
      continue;
    }
    const bundles = {} as Record<Dialect, string>;
    for (const dialect of DIALECTS) {
      const path = bundlePath(distDir, manifest.id, dialect);
      if (!existsSync(path)) throw new MissingBundleError(manifest.id, path);
      bundles[dialect] = readFileSync(path, 'utf8');
    }
    out.set(manifest.id, widgetResource(manifest, bundles));
  }
  return out;
}

/**
 * Builds each dialect's HTML shell, the URIs (content-hashed: a new bundle is a new URI), and both
 * resources/list entries.
 */
export function widgetResource(manifest: WidgetManifest, bundles: Record<Dialect, string>): WidgetResource {
  return publishResource(manifest, { 'mcp-apps': htmlShell(manifest, bundles['mcp-apps']), openai: htmlShell(manifest, bundles.openai) });
}

/** Both resources of a widget from each dialect's HTML, under `ui://widget/<uriName>.<hash>…` URIs. */
export function publishResource(manifest: WidgetManifest, html: Record<Dialect, string>, uriName = manifest.name): WidgetResource {
  const hash = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 12);
  const uris: WidgetUris = {
    mcpApps: `ui://widget/${uriName}.${hash(html['mcp-apps'])}.html`,
    openai: `ui://widget/${uriName}.${hash(html.openai)}.skybridge.html`,
  };
  const title = manifest.title ?? manifest.name;
  const meta = resourceMeta(manifest);
  return {
    manifest,
    html,
    uris,
    entries: [
      { uri: uris.mcpApps, name: manifest.name, title, description: manifest.description, mimeType: MCP_APPS_MIME_TYPE, _meta: meta },
      { uri: uris.openai, name: `${manifest.name}-chatgpt`, title, description: manifest.description, mimeType: OPENAI_MIME_TYPE, _meta: meta },
    ],
  };
}

/** The resources/read answer for `uri`, or undefined when no widget publishes it. */
export function readWidgetResource(resources: Iterable<WidgetResource>, uri: string): ReadResourceResult | undefined {
  for (const resource of resources) {
    const entry = resource.entries.find((e) => e.uri === uri);
    if (entry) {
      const text = entry.mimeType === OPENAI_MIME_TYPE ? resource.html.openai : resource.html['mcp-apps'];
      return { contents: [{ uri, mimeType: entry.mimeType!, text, _meta: entry._meta }] };
    }
  }
  return undefined;
}

/**
 * Both dialects on both resources: each host reads its own keys and ignores the others, so the
 * CSP a widget declares once reaches every host whichever URI it follows.
 */
export function resourceMeta(manifest: WidgetManifest): Record<string, unknown> {
  const { csp } = manifest;
  const ui: Record<string, unknown> = {
    csp: {
      connectDomains: csp.connectDomains,
      resourceDomains: csp.resourceDomains,
      frameDomains: csp.frameDomains,
    },
    prefersBorder: manifest.prefersBorder,
  };
  if (manifest.domain) ui.domain = manifest.domain;
  const meta: Record<string, unknown> = {
    ui,
    'openai/widgetDescription': manifest.description,
    'openai/widgetPrefersBorder': manifest.prefersBorder,
    'openai/widgetCSP': {
      connect_domains: csp.connectDomains,
      resource_domains: csp.resourceDomains,
      frame_domains: csp.frameDomains,
      redirect_domains: csp.redirectDomains,
    },
    'skylit/widgetId': manifest.id,
    'skylit/widgetVersion': manifest.version,
  };
  if (manifest.domain) meta['openai/widgetDomain'] = manifest.domain;
  return meta;
}

/**
 * The page a host loads into its sandboxed frame: the element and its bundle, inline. Runs under
 * the MCP Apps default CSP (inline script, no eval, no network). No line breaks (it is part of every
 * page's size), but every tag a host may look for to inject its own CSP or scripts (`<head>`,
 * `</head>`, `<body>`, `</body>`) is there; the body's margin is the only default it changes (html
 * and body have no padding and are transparent already).
 */
export function htmlShell(manifest: WidgetManifest, bundle: string): string {
  const title = escapeHtml(manifest.title ?? manifest.name);
  return (
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">' +
    `<meta name="skylit-widget" content="${escapeHtml(manifest.id)}@${escapeHtml(manifest.version)}"><title>${title}</title>` +
    `<style>body{margin:0}${manifest.tag}{display:block}</style></head><body><${manifest.tag}${elementAttributes(manifest)}></${manifest.tag}>` +
    `<script type="module">${inlineScript(bundle)}</script></body></html>\n`
  );
}

/** Makes code safe inside an inline <script>: no `</script` closes it, no `<!--` changes how it is parsed. */
export function inlineScript(code: string): string {
  return code.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
