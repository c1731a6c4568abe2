/**
 * How a package's tools and UI resources are named on this server, so that any number of packages
 * (and Skylit's own tools) share one tools/list and one resources/list without clashing.
 *
 * Tools: `<namespace>__<tool>`. The namespace comes from the package id: its last part, or as many
 * trailing parts as it takes to differ from every other package the user has installed, with `.`
 * and `-` as `_` (`com.example.weather-now` → `weather_now__get_forecast`; a second `org.acme.weather-now`
 * becomes `acme_weather_now__…`). It is chosen once, at install, and stored (seed 003's per-user `slug`),
 * so a name the model has seen keeps working. Why not seed 004's `<id>:<tool>`: hosts accept tool names
 * of `[A-Za-z0-9_-]{1,64}` only (OpenAI's and Anthropic's function names), so neither `.` nor `:` may
 * appear, and 64 characters is the limit. Skylit's own tools are snake_case with single underscores
 * (tools.ts refuses `__`), so a namespaced name never equals one of them.
 *
 * Resources: `ui://package/<package id>/<the package's URI without ui://>`, mapped back on read.
 */
import { base64url, sha256 } from '../hash.ts';
import { MAX_TOOL_NAME } from './limits.ts';

export const NAMESPACE_SEPARATOR = '__';
const RESOURCE_PREFIX = 'ui://package/';

/**
 * The namespace for package `id` whose tools are `toolNames`, avoiding `taken` (the user's other
 * namespaces): the shortest run of trailing id parts that is free and leaves room for the longest
 * tool name; failing that, the last part cut short plus a hash of the id.
 */
export function chooseNamespace(id: string, toolNames: readonly string[], taken: ReadonlySet<string>): string {
  const parts = id.split('.').map((part) => part.replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '') || 'x');
  const room = MAX_TOOL_NAME - NAMESPACE_SEPARATOR.length - Math.max(1, ...toolNames.map((name) => name.length));
  for (let count = 1; count <= parts.length; count++) {
    const candidate = parts.slice(-count).join('_');
    if (candidate.length > room) break;
    if (!taken.has(candidate)) return candidate;
  }
  const hash = base64url(sha256(id)).replace(/[^A-Za-z0-9]/g, '').slice(0, 6).toLowerCase();
  for (let salt = 0; ; salt++) {
    const tail = salt ? `${hash}${salt}` : hash;
    const keep = Math.max(1, room - tail.length - 1);
    const candidate = `${parts.at(-1)!.slice(0, keep)}_${tail}`;
    if (!taken.has(candidate)) return candidate;
  }
}

/** The published name of a package's tool. */
export function namespacedTool(namespace: string, tool: string): string {
  return `${namespace}${NAMESPACE_SEPARATOR}${tool}`;
}

/** The URI this server publishes for a package's UI resource `uri` (a `ui://` URI of the package). */
export function publishedResourceUri(packageId: string, uri: string): string {
  return `${RESOURCE_PREFIX}${packageId}/${uri.slice('ui://'.length)}`;
}

/** The package id and its own URI behind a published URI, or null when `uri` is not one. */
export function packageResourceOf(uri: string): { packageId: string; uri: string } | null {
  if (!uri.startsWith(RESOURCE_PREFIX)) return null;
  const rest = uri.slice(RESOURCE_PREFIX.length);
  const slash = rest.indexOf('/');
  if (slash <= 0 || slash === rest.length - 1) return null;
  return { packageId: rest.slice(0, slash), uri: `ui://${rest.slice(slash + 1)}` };
}
