/**
 * A user's catalog: what their enabled packages add to this server's tools/list and resources/list,
 * and where each published name leads. Loaded from the store on each request (seed 003: the server's
 * manifests are the one source of truth for chat, never a client's registration), through a cache
 * checked per request against the user's generation record and dropped after a TTL:
 *
 * - every change (install, uninstall, enable, disable) bumps `manager:<user>:generation`, so any
 *   server process sees it on its next request (one small read), and this process drops its entry at once;
 * - an entry older than the TTL (5 min, seed 003's default) is loaded again anyway.
 */
import type { Resource, Tool } from '@modelcontextprotocol/sdk/types.js';
import { namespacedTool, publishedResourceUri } from '../packages/namespace.ts';
import type { InstalledWidget, Stored } from './records.ts';

/** Where a published tool name leads. */
export interface ToolRoute {
  install: InstalledWidget;
  /** The package's own name for it. */
  tool: string;
}

export interface Catalog {
  /** The generation it was loaded at (the version of the generation record; 0 before any change). */
  generation: number;
  loadedAt: number;
  installs: Stored<InstalledWidget>[];
  /** Published descriptors of the enabled packages' tools. */
  tools: Tool[];
  /** Published UI resources of the enabled packages. */
  resources: Resource[];
  routes: Map<string, ToolRoute>;
  /** Published names of disabled packages' tools: a call gets "disabled", not "unknown". */
  disabled: Map<string, InstalledWidget>;
}

/** Builds the catalog of a user's installs. */
export function buildCatalog(installs: Stored<InstalledWidget>[], generation: number): Catalog {
  const catalog: Catalog = { generation, loadedAt: Date.now(), installs, tools: [], resources: [], routes: new Map(), disabled: new Map() };
  for (const { value: install } of installs) {
    for (const tool of install.tools) {
      const name = namespacedTool(install.namespace, tool.name);
      if (!install.enabled) {
        catalog.disabled.set(name, install);
        continue;
      }
      catalog.routes.set(name, { install, tool: tool.name });
      catalog.tools.push(publishTool(install, tool));
    }
    if (install.enabled) catalog.resources.push(...install.resources.map((resource) => publishResource(install, resource)));
  }
  return catalog;
}

/** A package's tool as this server lists it: namespaced, its UI resource URIs mapped to ours. */
export function publishTool(install: InstalledWidget, tool: Tool): Tool {
  const contributed = install.manifest.contributes.tools.find((entry) => entry.name === tool.name);
  const meta = { ...(tool._meta ?? {}) } as Record<string, unknown>;
  const ui = meta.ui;
  if (isObject(ui) && typeof ui.resourceUri === 'string') meta.ui = { ...ui, resourceUri: mapUri(install, ui.resourceUri) };
  for (const key of ['openai/outputTemplate', 'ui/resourceUri']) if (typeof meta[key] === 'string') meta[key] = mapUri(install, meta[key] as string);
  meta['skylit/widgetId'] = install.packageId;
  meta['skylit/package'] = { id: install.packageId, version: install.version, namespace: install.namespace };
  const title = tool.title ?? contributed?.title;
  return {
    ...tool,
    name: namespacedTool(install.namespace, tool.name),
    ...(title ? { title } : {}),
    description: describe(install, tool.description ?? contributed?.description),
    _meta: meta,
  };
}

/** A package's UI resource as this server lists it. */
export function publishResource(install: InstalledWidget, resource: Resource): Resource {
  return { ...resource, uri: publishedResourceUri(install.packageId, resource.uri) };
}

function describe(install: InstalledWidget, description: string | undefined): string {
  const from = `(From the widget package ${install.name}, ${install.packageId} ${install.version}.)`;
  return description ? `${description.slice(0, 2000)} ${from}` : from;
}

function mapUri(install: InstalledWidget, uri: string): string {
  return uri.startsWith('ui://') ? publishedResourceUri(install.packageId, uri) : uri;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
