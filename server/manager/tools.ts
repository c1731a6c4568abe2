/**
 * The manager's tools, one unified widget rendered by <sky-list-detail> (its view contract,
 * components/list-detail/view.ts; the element's tool attributes name these tools, widget.ts). Each
 * takes list-detail's argument shapes, so the element drives them with no adapter:
 *
 * | tool | list-detail's | arguments | kind |
 * | --- | --- | --- | --- |
 * | `widgets_list` | list | `{ text?, status?, cursor?, limit? }` | read |
 * | `widget_get` | get | `{ id }` | read |
 * | `widget_install` | create | `{ values: { source, location?, manifest?, enabled? }, archive?, requestId }` | write (the user confirms in the widget) |
 * | `widget_set_enabled` | update | `{ id, values: { enabled }, expectedVersion?, requestId }` | write |
 * | `widget_uninstall` | delete | `{ id, expectedVersion, requestId }` | destructive (the widget asks first) |
 * | `widget_open` | — (the /manager page) | `{ id, tool?, args? }` | write, widget-only: a widget_instances row |
 *
 * Installing, enabling and uninstalling change what the caller's chat can call, at once (catalog.ts).
 */
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import { CONFLICT_META_KEY } from '../../components/host/results.ts';
import type { FieldSpec, ListDetailView, ListItem, ListRecord } from '../../components/list-detail/view.ts';
import { ToolError, VIEW_ID_META_KEY } from '../result.ts';
import type { JsonValue } from '../store/types.ts';
import { defineTool, type ToolContext, type ToolDefinition } from '../tools.ts';
import { listDetailViewSchema } from '../widgets/tasks/schema.ts';
import { namespacedTool } from '../packages/namespace.ts';
import type { WidgetManager } from './manager.ts';
import { managerUser, type InstalledWidget, type ManagerUser, type Stored } from './records.ts';
import { InstallError, type InstallField } from './sources.ts';

export const MANAGER_TOOLS = {
  list: 'widgets_list',
  get: 'widget_get',
  create: 'widget_install',
  update: 'widget_set_enabled',
  delete: 'widget_uninstall',
  open: 'widget_open',
} as const;

/** The one view id of the manager: the selection and drafts survive every call and reload. */
export const MANAGER_VIEW_ID = 'widget-manager';
/** `_meta` key of widget_open's answer: the instance (panel id, tool, arguments). */
export const INSTANCE_META_KEY = 'skylit/widgetInstance';

const SOURCE_OPTIONS = [
  { value: 'url', label: 'A URL (an MCP server, or a manifest)' },
  { value: 'file', label: 'A manifest I paste' },
  { value: 'store', label: 'Skylit’s curated list' },
];

/** How the detail shows an installed widget, and what the "Add widget" form asks. */
export const MANAGER_FIELDS: FieldSpec[] = [
  { name: 'source', label: 'Source', kind: 'select', required: true, options: SOURCE_OPTIONS, hint: 'Where the widget comes from. It cannot change once installed.' },
  {
    name: 'location',
    label: 'URL or curated id',
    kind: 'text',
    maxLength: 2048,
    hint: 'An MCP server (https://…/mcp), a manifest (https://…/manifest.json), or a curated id such as dev.skylit.examples.clock.',
  },
  { name: 'manifest', label: 'Manifest (JSON)', kind: 'long-text', hint: 'For “A manifest I paste”. An installed widget shows its own.' },
  { name: 'enabled', label: 'Enabled (its tools are in this chat)', kind: 'checkbox' },
];

const STATUS_OPTIONS = [
  { value: 'enabled', label: 'Enabled' },
  { value: 'disabled', label: 'Disabled' },
];

type ManagerContext = ToolContext<z.output<typeof listDetailViewSchema>>;

const id = z.string().trim().min(3).max(120).describe('The widget package id, e.g. com.example.weather (from widgets_list).');
const requestId = z.string().min(8).max(100).describe('A fresh random id (e.g. a UUID) per intended change; a retry with the same id is not applied twice.');

/** The manager's tools, bound to `manager`. */
export function managerTools(manager: WidgetManager): ToolDefinition[] {
  const userOf = (ctx: ToolContext) => managerUser(ctx.user.id);
  const curatedIds = () => manager.curated.map((entry) => `${entry.manifest.id} (${entry.manifest.name})`).join(', ') || 'none';

  const list = defineTool({
    name: MANAGER_TOOLS.list,
    title: 'List widgets',
    description:
      'Shows the widget packages installed for this user (read-only): name, version, where each came from, whether it is enabled, and ' +
      'the namespaced tools each adds to this chat. Filter by words (`text`) or `status` (enabled, disabled); `cursor` pages.',
    input: z.object({
      text: z.string().trim().max(100).optional().describe('Only widgets whose name, id or source contains these words.'),
      status: z.enum(['enabled', 'disabled']).optional(),
      cursor: z.string().max(200).optional().describe('nextCursor of the previous page.'),
      limit: z.number().int().min(1).max(50).default(10),
    }),
    output: listDetailViewSchema,
    annotations: { readOnlyHint: true },
    invoking: 'Loading widgets…',
    invoked: 'Widgets shown',
    async handler({ text, status, cursor, limit }, ctx) {
      const user = userOf(ctx);
      const page = await manager.list(user, { text, status, cursor, limit });
      const lines = page.records.map((record) => `${record.value.name} (${record.value.packageId} ${record.value.version}, ${manager.runtime(user, record.value).label.toLowerCase()}; tools ${toolNames(record.value).join(', ')})`);
      const said = page.total === 0 ? (text || status ? 'No widget matches.' : 'No widgets installed yet.') : `${page.total} widget${page.total === 1 ? '' : 's'}: ${lines.join('; ')}.`;
      return ctx.result({
        text: `${said}${page.nextCursor ? ' More on the next page (nextCursor).' : ''} Curated widgets to install (source store): ${curatedIds()}.`,
        view: {
          ...baseView(),
          items: page.records.map((record) => toItem(manager, user, record)),
          nextCursor: page.nextCursor,
          total: page.total,
          filter: { ...(text ? { text } : {}), ...(status ? { status } : {}) },
        },
        viewId: MANAGER_VIEW_ID,
      });
    },
  });

  const get = defineTool({
    name: MANAGER_TOOLS.get,
    title: 'Show a widget',
    description: 'Opens one installed widget package (read-only): its manifest, source, state, and the tools it adds to this chat.',
    input: z.object({ id }),
    output: listDetailViewSchema,
    annotations: { readOnlyHint: true },
    invoking: 'Opening the widget…',
    invoked: 'Widget shown',
    async handler({ id }, ctx) {
      const user = userOf(ctx);
      const record = await load(manager, user, id);
      const runtime = manager.runtime(user, record.value);
      const open = await manager.instanceCount(user, id);
      return recordResult(
        ctx,
        record,
        `${describeInstall(record.value)} ${runtime.label}.${runtime.detail ? ` ${runtime.detail}` : ''} Tools: ${toolNames(record.value).join(', ')}.${open ? ` Open in ${open} place${open === 1 ? '' : 's'}.` : ''}`,
      );
    },
  });

  const install = defineTool({
    name: MANAGER_TOOLS.create,
    title: 'Install a widget',
    description:
      'Installs a widget package for this user. Ask the user to confirm first: the package’s tools join this chat, and a process package’s code runs on this server. ' +
      '`values.source`: `url` (values.location = the URL of any MCP server, or of a remote package’s manifest.json), `file` (values.manifest = a remote ' +
      'package’s manifest JSON; or `archive` = a .tgz package as base64), `store` (values.location = a curated id). `values.enabled` (default true). ' +
      'Its tools then appear namespaced, e.g. weather__get_forecast. Send a fresh requestId.',
    input: z.object({
      values: z
        .object({
          source: z.enum(['url', 'file', 'store'], { error: 'Select where the widget comes from: url, file or store.' }),
          location: z.string().trim().max(2048).nullable().optional(),
          manifest: z.string().max(256 * 1024).nullable().optional(),
          enabled: z.boolean().nullable().optional(),
        })
        .strict(),
      archive: z
        .object({ name: z.string().max(200).optional(), data: z.string().max(6 * 1024 * 1024).describe('The .tgz, base64.') })
        .strict()
        .optional()
        .describe('A package archive (.tgz: manifest.json and the files main names), for source file.'),
      requestId,
    }),
    output: listDetailViewSchema,
    annotations: { readOnlyHint: false, idempotentHint: true, openWorldHint: true },
    timeoutMs: 30_000,
    invoking: 'Installing the widget…',
    invoked: 'Widget installed',
    async handler({ values, archive, requestId }, ctx) {
      const user = userOf(ctx);
      try {
        const outcome = await manager.install(user, { ...values, archive: archive ?? null }, requestId, ctx.signal);
        const { value } = outcome.record;
        const said = outcome.replayed ? 'Already installed with this requestId' : 'Installed';
        const state = value.enabled ? `Enabled: its tools are in this chat now: ${toolNames(value).join(', ')}.` : 'Disabled: enable it to add its tools to this chat.';
        return recordResult(ctx, outcome.record, `${said}: ${describeInstall(value)} ${state}${outcome.notes.length ? ` ${outcome.notes.join(' ')}` : ''}`);
      } catch (error) {
        if (error instanceof InstallError) throw installRefusal(error);
        throw error;
      }
    },
  });

  const setEnabled = defineTool({
    name: MANAGER_TOOLS.update,
    title: 'Enable or disable a widget',
    description:
      'Turns an installed widget on or off for this user: `values.enabled`. Disabled, its tools leave this chat at once (a call to one is refused) and a process ' +
      'package stops; enabled, they come back. `expectedVersion` (optional) makes it a compare-and-set. Send a fresh requestId.',
    input: z.object({
      id,
      values: z
        .object({
          enabled: z.boolean({ error: 'Choose whether the widget is enabled.' }).optional(),
          source: z.unknown().optional(),
          location: z.unknown().optional(),
          manifest: z.unknown().optional(),
        })
        .strict(),
      expectedVersion: z.number().int().min(1).optional().describe('The version you saw (`selected.version`).'),
      requestId,
    }),
    output: listDetailViewSchema,
    annotations: { readOnlyHint: false, idempotentHint: true },
    invoking: 'Saving…',
    invoked: 'Saved',
    async handler({ id, values, expectedVersion, requestId }, ctx) {
      const fixed = (['source', 'location', 'manifest'] as const).filter((field) => values[field] !== undefined);
      if (fixed.length) {
        throw new ToolError(
          `Could not change ${id}:\n${fixed.map((field) => `  - values.${field}: Cannot be changed once the widget is installed. Uninstall it and install the new one.`).join('\n')}`,
        );
      }
      if (values.enabled === undefined) throw new ToolError(`Could not change ${id}:\n  - values.enabled: Choose whether the widget is enabled.`);
      const user = userOf(ctx);
      const outcome = await manager.setEnabled(user, id, values.enabled, { ...(expectedVersion ? { expectedVersion } : {}), requestId });
      if (outcome.status === 'missing') throw new ToolError(`No widget ${id} is installed. List them with widgets_list.`);
      if (outcome.status === 'conflict') throw conflict(id, expectedVersion!, outcome.current);
      const { value } = outcome.record;
      const said = outcome.status === 'replayed' ? 'Already done with this requestId' : value.enabled ? 'Enabled' : 'Disabled';
      const effect = value.enabled ? `its tools are in this chat: ${toolNames(value).join(', ')}` : 'its tools have left this chat';
      return recordResult(ctx, outcome.record, `${said}: ${value.name} (${value.packageId}); ${effect}.`);
    },
  });

  const uninstall = defineTool({
    name: MANAGER_TOOLS.delete,
    title: 'Uninstall a widget',
    description:
      'Uninstalls a widget package for this user, for good: its tools leave this chat, a process package stops, where it was open is forgotten. ' +
      'Ask the user to confirm first. Needs the version you saw (`expectedVersion`) and a fresh `requestId`.',
    input: z.object({ id, expectedVersion: z.number().int().min(1).describe('The version you saw (`selected.version`).'), requestId }),
    output: listDetailViewSchema,
    annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true },
    invoking: 'Uninstalling…',
    invoked: 'Widget uninstalled',
    async handler({ id, expectedVersion, requestId }, ctx) {
      const user = userOf(ctx);
      const outcome = await manager.uninstall(user, id, { expectedVersion, requestId });
      if (outcome.status === 'missing') throw new ToolError(`No widget ${id} is installed: it was uninstalled, or never installed. List them with widgets_list.`);
      if (outcome.status === 'conflict') throw conflict(id, expectedVersion, outcome.current);
      const said = outcome.status === 'replayed' ? 'Already uninstalled with this requestId' : 'Uninstalled';
      return ctx.result({ text: `${said}: ${outcome.record.value.name} (${id}); its tools have left this chat.`, view: { ...baseView(), selected: null }, viewId: MANAGER_VIEW_ID });
    },
  });

  const open = defineTool({
    name: MANAGER_TOOLS.open,
    title: 'Open a widget',
    description: 'Records that an installed widget is opened in a panel (seed 003’s widget instance) and says which tool it opens with. Used by the /manager page.',
    input: z.object({
      id,
      tool: z.string().max(64).optional().describe('The package’s own tool name (default: its first tool with a UI).'),
      args: z.record(z.string(), z.unknown()).optional(),
    }),
    output: listDetailViewSchema,
    annotations: { readOnlyHint: false, idempotentHint: false },
    visibility: 'widget',
    invoking: 'Opening…',
    invoked: 'Opened',
    async handler({ id, tool, args }, ctx) {
      const user = userOf(ctx);
      try {
        const instance = await manager.openInstance(user, id, tool, (args ?? {}) as Record<string, JsonValue>);
        const record = await load(manager, user, id);
        const { panelId, config, instanceId } = instance.value;
        return ctx.result({
          text: `Opened ${record.value.name} in panel ${panelId} with ${config.tool}.`,
          view: { ...baseView(), selected: toRecord(record) },
          meta: { [INSTANCE_META_KEY]: { instanceId, panelId, tool: config.tool, args: config.args } },
          viewId: MANAGER_VIEW_ID,
        });
      } catch (error) {
        if (error instanceof InstallError) throw new ToolError(`Could not open ${id}: ${error.message}`);
        throw error;
      }
    },
  });

  return [list, get, install, setEnabled, uninstall, open];
}

/** What every manager view carries. */
export function baseView(): ListDetailView {
  return { noun: { one: 'widget', other: 'widgets' }, title: 'Widgets', fields: MANAGER_FIELDS, titleField: 'name', statuses: STATUS_OPTIONS };
}

function toItem(manager: WidgetManager, user: ManagerUser, record: Stored<InstalledWidget>): ListItem {
  const value = record.value;
  const runtime = manager.runtime(user, value);
  const tools = toolNames(value);
  const subtitle = `${value.version} · ${sourceWords(value)} · ${tools.length} tool${tools.length === 1 ? '' : 's'}: ${tools.join(', ')}`;
  return { id: value.packageId, title: value.name, subtitle: subtitle.length > 120 ? `${subtitle.slice(0, 119)}…` : subtitle, status: { label: runtime.label, tone: runtime.tone }, updatedAt: record.updatedAt };
}

function toRecord(record: Stored<InstalledWidget>): ListRecord {
  const value = record.value;
  return {
    id: value.packageId,
    version: record.version,
    values: { name: value.name, source: value.sourceType, location: value.sourceRef, manifest: JSON.stringify(value.manifest, null, 2), enabled: value.enabled },
    updatedAt: record.updatedAt,
  };
}

function recordResult(ctx: ManagerContext, record: Stored<InstalledWidget>, text: string): CallToolResult {
  return ctx.result({ text, view: { ...baseView(), selected: toRecord(record) }, viewId: MANAGER_VIEW_ID });
}

async function load(manager: WidgetManager, user: ManagerUser, id: string): Promise<Stored<InstalledWidget>> {
  const record = await manager.get(user, id);
  if (!record) throw new ToolError(`No widget ${id} is installed. List them with widgets_list.`);
  return record;
}

function conflict(id: string, expectedVersion: number, current: Stored<InstalledWidget>): ToolError {
  return new ToolError(
    `Widget ${id} changed meanwhile: it is at version ${current.version}, not ${expectedVersion}. Nothing was changed; showing it as it is now.`,
    { ...baseView(), selected: toRecord(current) },
    { [CONFLICT_META_KEY]: true, [VIEW_ID_META_KEY]: MANAGER_VIEW_ID },
  );
}

/** An install refused, as field-named lines the widget puts on the field (list-detail's serverErrors). */
function installRefusal(error: InstallError): ToolError {
  const field: InstallField = error.field;
  const message = error.message.replace(/\n+/g, ' ');
  // The archive is no form field: its refusal is said whole.
  if (field === 'archive') return new ToolError(`Could not install the widget: ${message}`);
  return new ToolError(`Could not install the widget:\n  - values.${field}: ${message}`);
}

function toolNames(install: InstalledWidget): string[] {
  return install.tools.map((tool) => namespacedTool(install.namespace, tool.name));
}

function sourceWords(install: InstalledWidget): string {
  switch (install.sourceType) {
    case 'url':
      return 'from a URL';
    case 'file':
      return `from ${install.sourceRef}`;
    default:
      return 'from the curated list';
  }
}

function describeInstall(install: InstalledWidget): string {
  return `${install.name} (${install.packageId} ${install.version}, a ${install.executionModel} package ${sourceWords(install)}).`;
}
