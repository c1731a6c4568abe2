/**
 * The widget registry: the server's single source of truth for which widgets and tools exist.
 * Built once at start-up from widget definitions; every manifest and tool is validated here, and
 * the first problem stops the server with a message naming the widget and the field.
 */
import { ManifestError, parseManifest, type WidgetManifest, type WidgetManifestInput } from './manifest.ts';
import type { Store } from './store/types.ts';
import { checkToolDefinition, type ToolDefinition } from './tools.ts';

/** A widget as its author writes it: the manifest and the tools bound to it. */
export interface WidgetDefinition {
  manifest: WidgetManifestInput;
  tools: ToolDefinition[];
  /** Example data for a new store, written when the server starts (it must check it did so only once). */
  seed?: (store: Store) => Promise<void>;
}

/** A widget after validation. */
export interface RegisteredWidget {
  manifest: WidgetManifest;
  tools: ToolDefinition[];
  seed?: (store: Store) => Promise<void>;
}

export interface ToolBinding {
  tool: ToolDefinition;
  widget: WidgetManifest;
}

export interface Registry {
  readonly widgets: readonly RegisteredWidget[];
  /** Tool name → tool and its widget. */
  readonly tools: ReadonlyMap<string, ToolBinding>;
  widget(id: string): RegisteredWidget | undefined;
}

/** Identity helper that gives a widget definition its type. */
export function defineWidget(definition: WidgetDefinition): WidgetDefinition {
  return definition;
}

/** Validates every widget and tool; throws a ManifestError on the first problem. */
export function createRegistry(definitions: readonly WidgetDefinition[]): Registry {
  const widgets: RegisteredWidget[] = [];
  const byId = new Map<string, RegisteredWidget>();
  const names = new Map<string, string>();
  /** Tag → the widget that first used it and its entry: widgets may share an element, not its name. */
  const tags = new Map<string, { id: string; entry: string }>();
  const tools = new Map<string, ToolBinding>();

  for (const definition of definitions) {
    const manifest = parseManifest(definition?.manifest);
    const claim = (seen: Map<string, string>, value: string, field: string) => {
      const other = seen.get(value);
      if (other) throw new ManifestError(`Widget manifest ${manifest.id} is invalid: ${field} "${value}" is already used by ${other}`);
      seen.set(value, manifest.id);
    };
    claim(new Map([...byId.keys()].map((id) => [id, id])), manifest.id, 'id');
    claim(names, manifest.name, 'name');
    const tagOwner = tags.get(manifest.tag);
    if (tagOwner && tagOwner.entry !== manifest.entry) {
      throw new ManifestError(`Widget manifest ${manifest.id} is invalid: tag "${manifest.tag}" is already used by ${tagOwner.id} with another entry module (${tagOwner.entry})`);
    }
    if (!tagOwner) tags.set(manifest.tag, { id: manifest.id, entry: manifest.entry });

    if (!Array.isArray(definition.tools) || definition.tools.length === 0) {
      throw new ManifestError(`Widget manifest ${manifest.id} is invalid: tools must list at least one tool`);
    }
    for (const tool of definition.tools) {
      checkToolDefinition(tool, manifest.id);
      const other = tools.get(tool.name);
      if (other) {
        throw new ManifestError(
          `Tool ${tool.name} of widget ${manifest.id} is invalid: name is already used by widget ${other.widget.id}`,
        );
      }
      tools.set(tool.name, { tool, widget: manifest });
    }
    const previewTool = manifest.preview?.tool;
    if (previewTool && !definition.tools.some((t) => t.name === previewTool)) {
      throw new ManifestError(
        `Widget manifest ${manifest.id} is invalid: preview.tool "${previewTool}" is not one of its tools`,
      );
    }
    const registered: RegisteredWidget = { manifest, tools: [...definition.tools], ...(definition.seed ? { seed: definition.seed } : {}) };
    widgets.push(registered);
    byId.set(manifest.id, registered);
  }

  return {
    widgets,
    tools,
    widget: (id) => byId.get(id),
  };
}
