/**
 * Widget resources that load their bundle from a CDN instead of inlining it (seed 000, option 2,
 * the hybrid model): the HTML a host caches is a small shell, and the versioned bundle comes from an
 * asset base URL you set, e.g. `https://cdn.jsdelivr.net/npm/skylit@{version}/dist/cdn/` (the
 * components package's single-file bundles). The shell
 * - loads `<base><element tag>.js` as a module script, pinned with Subresource Integrity (the hash
 *   of this server's own copy of that bundle, dist/widgets/<id>.js: a CDN that serves other bytes
 *   is refused by the browser);
 * - forces the transport of its dialect (the bundle carries all three), as the inline bundles do;
 * - declares the asset origin in `resourceDomains` / `resource_domains`, so hosts allow it;
 * - is published under a URI with the bundle version and a content hash: a new release, or a new
 *   bundle, is a new URI, so no host serves a stale template.
 * Inline stays the default; set SKYLIT_ASSET_BASE_URL (or `assets` in code) to switch.
 */
import { createHash } from 'node:crypto';
import type { WidgetManifest } from './manifest.ts';
import { PACKAGE_VERSION } from './package-info.ts';

/** Where widget bundles are loaded from, instead of inlining them. */
export interface AssetOptions {
  /**
   * URL of the folder holding `<element tag>.js` (ending in `/`). `{version}` is replaced by
   * `version`. https, or http on a loopback host (for local tests).
   */
  baseUrl: string;
  /** The version of the bundles behind `baseUrl`, put in the URL and the resource URI. Default: this package's version. */
  version?: string;
}

/** AssetOptions checked and resolved: the base URL with its version, and its origin. */
export interface ResolvedAssets {
  baseUrl: string;
  origin: string;
  version: string;
}

/** Raised for an asset base URL that hosts could not load from; the message says what is wrong. */
export class AssetOptionsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AssetOptionsError';
  }
}

/** Reads SKYLIT_ASSET_BASE_URL; undefined (inline bundles) when it is unset or empty. */
export function assetOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): AssetOptions | undefined {
  return env.SKYLIT_ASSET_BASE_URL ? { baseUrl: env.SKYLIT_ASSET_BASE_URL } : undefined;
}

/** Checks the options and fills in the version; throws an AssetOptionsError saying what to fix. */
export function resolveAssets(options: AssetOptions): ResolvedAssets {
  const version = options.version ?? PACKAGE_VERSION;
  if (!/^[0-9A-Za-z][0-9A-Za-z.+-]*$/.test(version)) throw new AssetOptionsError(`Asset version "${version}" must be a version such as 1.2.0`);
  const given = options.baseUrl.replaceAll('{version}', version);
  let url: URL;
  try {
    url = new URL(given);
  } catch {
    throw new AssetOptionsError(`Asset base URL "${given}" is not a URL; use e.g. https://cdn.example.com/skylit/${version}/`);
  }
  const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    throw new AssetOptionsError(`Asset base URL ${given} must use https (http only on localhost, for tests): hosts load widget scripts over https only`);
  }
  if (url.search || url.hash || !url.pathname.endsWith('/')) {
    throw new AssetOptionsError(`Asset base URL ${given} must be a folder: end it with "/" and give no query or fragment`);
  }
  return { baseUrl: url.href, origin: url.origin, version };
}

/**
 * The URL a widget's bundle is loaded from: `<base><element tag>.js`, the name of its single-file
 * bundle in the components package (`dist/cdn/sky-chess-board.js`). Named by the element, so widgets
 * that share one element share one file.
 */
export function assetUrl(assets: ResolvedAssets, manifest: WidgetManifest): string {
  return new URL(`${manifest.tag}.js`, assets.baseUrl).href;
}

/** Subresource Integrity of a bundle (`sha384-…`). */
export function integrityOf(code: string): string {
  return `sha384-${createHash('sha384').update(code).digest('base64')}`;
}

/** The manifest with the asset origin added to the resource domains its CSP declares. */
export function withAssetOrigin(manifest: WidgetManifest, assets: ResolvedAssets): WidgetManifest {
  const resourceDomains = manifest.csp.resourceDomains.includes(assets.origin)
    ? manifest.csp.resourceDomains
    : [...manifest.csp.resourceDomains, assets.origin];
  return { ...manifest, csp: { ...manifest.csp, resourceDomains } };
}

/**
 * The page a host loads: the element (its transport forced to the host's dialect) and one module
 * script from the CDN, pinned by integrity. No inline script: it runs under a CSP that allows only
 * the asset origin for scripts.
 */
export function cdnShell(manifest: WidgetManifest, transport: 'mcp-apps' | 'openai', src: string, integrity: string): string {
  const title = escapeHtml(manifest.title ?? manifest.name);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="skylit-widget" content="${escapeHtml(manifest.id)}@${escapeHtml(manifest.version)}">
<title>${title}</title>
<style>html,body{margin:0;padding:0;background:transparent}${manifest.tag}{display:block}</style>
<script type="module" src="${escapeHtml(src)}" integrity="${integrity}" crossorigin="anonymous"></script>
</head>
<body>
<${manifest.tag} transport="${transport}"${elementAttributes(manifest)}></${manifest.tag}>
</body>
</html>
`;
}

/** ` name="value"` for each of the manifest's element attributes (escaped), or nothing. */
export function elementAttributes(manifest: WidgetManifest): string {
  return Object.entries(manifest.attributes ?? {})
    .map(([name, value]) => ` ${name}="${escapeHtml(value)}"`)
    .join('');
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
