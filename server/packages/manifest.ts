/**
 * The widget package manifest (seed 004): what a package says about itself before anything of it
 * runs. Validated with zod; a bad manifest is refused with one line per bad field, every field at
 * once (`  - id: must be a reverse-DNS id …`, `  - version: must be a semantic version …`).
 *
 * A package is one of three kinds (`executionModel`):
 * - `process` (seed 004's default): this server starts `main` (a .js/.mjs file of the package) with
 *   Node on a free loopback port, health-checks it over MCP, restarts it with backoff, stops it when
 *   it is disabled or uninstalled;
 * - `remote`: `main` is the URL of an MCP server (Streamable HTTP) run by someone else;
 * - `inline`: compiled into this server (Skylit's own widgets); never installed from outside.
 * Seed 004's `webworker` has no meaning on a server and is refused with that reason.
 *
 * The tools a package contributes are listed up front (`contributes.tools`): only those are ever
 * published, under the package's namespace (namespace.ts), whatever else its server offers.
 */
import { z } from 'zod';
import { describeIssues } from '../manifest.ts';

export const EXECUTION_MODELS = ['process', 'remote', 'inline'] as const;
export type ExecutionModel = (typeof EXECUTION_MODELS)[number];
export const ACTIVATION_EVENTS = ['onStartup', 'onToolCall'] as const;

/**
 * A package's own tool names. Hosts accept `^[a-zA-Z0-9_-]{1,64}$` (OpenAI's and Anthropic's
 * function names); 48 leaves at least 14 characters for the namespace (namespace.ts).
 */
export const MAX_PACKAGE_TOOL_NAME = 48;
export const TOOL_NAME = /^[A-Za-z0-9_-]{1,48}$/;
/** At most this many tools per package (each becomes a tools/list entry for every chat). */
export const MAX_PACKAGE_TOOLS = 64;

const REVERSE_DNS = /^[a-z][a-z0-9]*(\.[a-z0-9][a-z0-9-]*){2,}$/;
const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/;

const toolContribution = z
  .object({
    name: z.string().regex(TOOL_NAME, 'must be 1–48 letters, digits, _ or - (hosts accept 64, and the namespace takes the rest)'),
    title: z.string().trim().min(1).max(80).optional(),
    description: z.string().max(1000).optional(),
  })
  .strict();

export const PackageManifestSchema = z
  .object({
    /** Ignored: editors read it. */
    $schema: z.string().max(500).optional(),
    /** Reverse-DNS id, unique per user: `com.example.weather`. */
    id: z.string().max(120).regex(REVERSE_DNS, 'must be a reverse-DNS id with at least three lower-case parts, e.g. com.example.weather'),
    /** Display name. */
    name: z.string().trim().min(1, 'must not be empty').max(80),
    /** Semantic version of the package. */
    version: z.string().max(64).regex(SEMVER, 'must be a semantic version such as 1.0.0'),
    description: z.string().max(500).optional(),
    /** process: the server entry (a .js/.mjs file of the package); remote: the MCP URL; inline: the module that defines it. */
    main: z.string().trim().min(1, 'must not be empty').max(2048),
    /** The view: informational (what hosts render comes from each tool's `_meta.ui.resourceUri`). */
    ui: z.string().max(2048).optional(),
    executionModel: z
      .enum(EXECUTION_MODELS, { error: 'must be "process", "remote" or "inline" (a webworker does not run on a server)' })
      .default('process'),
    /** process only: the port to try first (a free one is picked when it is taken). */
    port: z.number().int().min(1024).max(65535).optional(),
    /** process only: `onStartup` (started with the server and when enabled) or `onToolCall` (on its first call). */
    activationEvents: z.array(z.enum(ACTIVATION_EVENTS, { error: 'must be "onStartup" or "onToolCall"' })).max(2).default(['onStartup']),
    contributes: z
      .object({
        tools: z.array(toolContribution).min(1, 'must list at least one tool').max(MAX_PACKAGE_TOOLS),
      })
      .strict(),
  })
  .strict();

export type PackageManifestInput = z.input<typeof PackageManifestSchema>;
export type PackageManifest = z.output<typeof PackageManifestSchema>;
export type ToolContribution = PackageManifest['contributes']['tools'][number];

/** Thrown when a package manifest is invalid; `fields` lists the bad fields, the message says what to fix in each. */
export class PackageManifestError extends Error {
  constructor(
    message: string,
    readonly fields: string[],
  ) {
    super(message);
    this.name = 'PackageManifestError';
  }
}

/**
 * Validates a manifest (an object, or JSON text); throws a PackageManifestError naming every bad
 * field. `allowInline` admits `executionModel: "inline"` (only Skylit's own widgets use it).
 */
export function parsePackageManifest(input: unknown, options: { allowInline?: boolean; root?: string } = {}): PackageManifest {
  const root = options.root ?? 'manifest';
  let value = input;
  if (typeof input === 'string') {
    try {
      value = JSON.parse(input);
    } catch (error) {
      throw new PackageManifestError(`The widget package manifest is not JSON: ${(error as Error).message}`, [root]);
    }
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new PackageManifestError(`The widget package manifest must be a JSON object (got ${value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value}).`, [root]);
  }
  const parsed = PackageManifestSchema.safeParse(value);
  const lines: string[] = [];
  const fields: string[] = [];
  if (!parsed.success) {
    const described = describeIssues(parsed.error.issues, root, value).split('\n');
    lines.push(...described);
    for (const line of described) fields.push(line.replace(/^ {2}- /, '').split(':')[0]!);
  }
  for (const [field, problem] of crossFieldProblems(value as Record<string, unknown>, options.allowInline ?? false)) {
    if (fields.includes(field)) continue;
    lines.push(`  - ${field}: ${problem}`);
    fields.push(field);
  }
  if (lines.length || !parsed.success) {
    const id = typeof (value as { id?: unknown }).id === 'string' ? (value as { id: string }).id.slice(0, 120) : '(no id)';
    throw new PackageManifestError(`Widget package manifest ${id} is invalid:\n${lines.join('\n')}`, fields);
  }
  return parsed.data;
}

/** Checks that depend on more than one field (the kind decides what `main` and `port` may be). */
function crossFieldProblems(raw: Record<string, unknown>, allowInline: boolean): [string, string][] {
  const problems: [string, string][] = [];
  const model = raw.executionModel ?? 'process';
  const main = typeof raw.main === 'string' ? raw.main.trim() : undefined;
  if (model === 'inline' && !allowInline) problems.push(['executionModel', 'inline is for widgets compiled into this server; install a "process" or "remote" package']);
  if (model === 'remote' && main !== undefined && main) {
    const problem = remoteUrlProblem(main);
    if (problem) problems.push(['main', problem]);
  }
  if (model === 'process' && main !== undefined && main) {
    if (!/^(\.\/)?[\w@][\w./@-]*\.(m?js|cjs)$/.test(main) || main.split('/').includes('..')) {
      problems.push(['main', 'must be the path of a .js or .mjs file inside the package, e.g. ./dist/index.js (no leading / or ..)']);
    }
  }
  if (model !== 'process' && raw.port !== undefined) problems.push(['port', `is only for process packages (this one is ${String(model)})`]);
  const tools = (raw.contributes as { tools?: unknown } | undefined)?.tools;
  if (Array.isArray(tools)) {
    const seen = new Set<string>();
    tools.forEach((tool, index) => {
      const name = (tool as { name?: unknown })?.name;
      if (typeof name !== 'string') return;
      if (seen.has(name)) problems.push([`contributes.tools.${index}.name`, `"${name.slice(0, 64)}" is listed twice`]);
      seen.add(name);
    });
  }
  return problems;
}

/** Why `text` cannot be a remote package's MCP URL, or null when it can: https, or http on loopback. */
export function remoteUrlProblem(text: string): string | null {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return 'must be the URL of an MCP server, e.g. https://weather.example.com/mcp';
  }
  if (url.username || url.password) return 'must not carry a user name or password (they would be stored and shown)';
  if (url.protocol === 'https:') return null;
  if (url.protocol === 'http:' && isLoopbackHostname(url.hostname)) return null;
  return 'must be an https:// URL (http:// only for localhost / 127.0.0.1)';
}

export function isLoopbackHostname(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}
