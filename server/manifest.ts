/**
 * The widget manifest: what the server must know about a widget to publish it. Validated with zod
 * at start-up; a bad manifest stops the server with a message that names the field.
 */
import { z } from 'zod';

/** An origin a widget may reach: `https://api.example.com`, `https://*.example.com`, `wss://rt.example.com`. */
const origin = z
  .string()
  .regex(
    /^(https|wss):\/\/(\*\.)?[a-z0-9-]+(\.[a-z0-9-]+)*(:\d{1,5})?$/i,
    'must be an origin such as https://api.example.com (https or wss, no path; *. allowed for subdomains)',
  );

const domains = z.array(origin).default([]);

export const WidgetManifestSchema = z
  .object({
    /** Reverse-DNS id, unique across every widget: `dev.skylit.chess-board`. */
    id: z
      .string()
      .regex(
        /^[a-z][a-z0-9]*(\.[a-z0-9][a-z0-9-]*){2,}$/,
        'must be a reverse-DNS id with at least three lower-case parts, e.g. dev.skylit.chess-board',
      ),
    /** Short kebab-case name, used in the resource URI: `chess-board`. */
    name: z
      .string()
      .regex(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/, 'must be kebab-case, e.g. chess-board'),
    /** Human title shown in hosts and on the preview page. */
    title: z.string().min(1).max(80).optional(),
    /** Semantic version of the widget (its view contract). */
    version: z
      .string()
      .regex(
        /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/,
        'must be a semantic version such as 1.0.0',
      ),
    /** Custom element the HTML shell renders: `sky-chess-board`. */
    tag: z
      .string()
      .regex(
        /^[a-z][a-z0-9._]*-[a-z0-9._-]*$/,
        'must be a valid custom element name (lower case, with a hyphen), e.g. sky-chess-board',
      ),
    /** Module that defines the element (calls customElements.define), relative to the repository root. */
    entry: z
      .string()
      .regex(/^[\w./-]+\.(ts|js|mts|mjs)$/, 'must be a relative path to a .ts or .js module, e.g. components/chess-board/define.ts')
      .refine((p) => !p.startsWith('/') && !p.split('/').includes('..'), 'must stay inside the repository (no leading / or ..)'),
    /** What the widget shows, for hosts (`openai/widgetDescription`) and the model. */
    description: z.string().min(1).max(500),
    /** Origins the widget may reach. Empty lists (the default) mean: no network at all. */
    csp: z
      .object({
        connectDomains: domains,
        resourceDomains: domains,
        frameDomains: domains,
        redirectDomains: domains,
      })
      .strict()
      .default({ connectDomains: [], resourceDomains: [], frameDomains: [], redirectDomains: [] }),
    /** Whether the widget asks the host for a visible border and background. */
    prefersBorder: z.boolean().default(true),
    /**
     * Attributes the widget's page sets on its element: how a widget reuses another's element with
     * tools of its own (the widget manager's list-detail names `list-tool="widgets_list"` …).
     */
    attributes: z
      .record(z.string(), z.string().max(200))
      .superRefine((attributes, ctx) => {
        for (const name of Object.keys(attributes)) {
          if (!/^[a-z][a-z0-9-]{0,39}$/.test(name)) ctx.addIssue({ code: 'custom', path: [name], message: 'must be a lower-case attribute name' });
          else if (name.startsWith('on')) ctx.addIssue({ code: 'custom', path: [name], message: 'must not be an event handler (on…)' });
        }
      })
      .optional(),
    /** Dedicated sandbox origin, when the widget needs a stable one (host-specific format). */
    domain: z.string().min(1).optional(),
    /** What the preview page calls to show the widget (defaults: the first tool, no arguments). */
    preview: z
      .object({ tool: z.string().optional(), args: z.record(z.string(), z.unknown()).default({}) })
      .strict()
      .optional(),
  })
  .strict();

/** A manifest as written by a widget author (defaults may be left out). */
export type WidgetManifestInput = z.input<typeof WidgetManifestSchema>;
/** A manifest after validation, with defaults filled in. */
export type WidgetManifest = z.output<typeof WidgetManifestSchema>;

/** Thrown when a manifest or tool definition is invalid. Its message names the widget and the field. */
export class ManifestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ManifestError';
  }
}

/** Validates a manifest; throws a ManifestError naming every bad field. */
export function parseManifest(input: unknown): WidgetManifest {
  const parsed = WidgetManifestSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const id = typeof (input as { id?: unknown })?.id === 'string' ? (input as { id: string }).id : '(no id)';
  throw new ManifestError(`Widget manifest ${id} is invalid:\n${describeIssues(parsed.error.issues, 'manifest', input)}`);
}

/**
 * Turns zod issues into lines like `  - csp.connectDomains.0: must be an origin … (got "foo")`.
 * Shared by manifest validation and tool-argument validation so both speak the same way.
 */
export function describeIssues(issues: readonly z.core.$ZodIssue[], root: string, input?: unknown): string {
  return issues.map((issue) => `  - ${issuePath(issue, root)}: ${issueMessage(issue, input)}`).join('\n');
}

/** Dotted path of an issue, or `root` when it concerns the whole object. */
export function issuePath(issue: z.core.$ZodIssue, root: string): string {
  if (issue.code === 'unrecognized_keys' && issue.keys.length) {
    const base = issue.path.map(String).join('.');
    return issue.keys.map((k) => (base ? `${base}.${k}` : k)).join(', ');
  }
  return issue.path.length ? issue.path.map(String).join('.') : root;
}

/**
 * zod's own (English) wording of a wrong type or value starts like this; a message a schema wrote
 * itself (`z.string({ error: 'Enter a board name.' })`) does not, and is kept as written.
 */
const ZOD_DEFAULT_MESSAGE = /^Invalid (input|option)\b/;

function issueMessage(issue: z.core.$ZodIssue, input: unknown): string {
  if ((issue.code === 'invalid_type' || issue.code === 'invalid_value') && !ZOD_DEFAULT_MESSAGE.test(issue.message)) return issue.message;
  switch (issue.code) {
    case 'unrecognized_keys':
      return 'is not a known field';
    case 'invalid_type': {
      const value = valueAt(input, issue.path);
      if (value === undefined) return `is required (${issue.expected})`;
      return `must be ${issue.expected} (got ${value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value})`;
    }
    case 'invalid_value':
      return `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    default:
      return issue.message;
  }
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let value = root;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}
