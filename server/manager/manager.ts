/**
 * The widget manager (seeds 003 and 004 on this server): each user's installed widget packages,
 * kept in the store; their tools and UI resources published through this server (DynamicTools), so
 * every chat host sees them with no registration of its own; calls and reads proxied to the package
 * with a deadline; process packages run by the process manager.
 *
 * Install pipeline: resolve the source (sources.ts: fetch, extract, validate) → refuse a package
 * already installed → reach the package (connect to its URL, or unpack its archive and start it) and
 * read its tools and UI resources → check every tool its manifest contributes is there → choose its
 * namespace → write the record (enabled or not, as asked) → bump the user's generation.
 *
 * Debug events (seed 003; logged when `debug` is on, SKYLIT_DEBUG=manager): `widget_install_success`,
 * `widget_install_fail`, `widget_manifest_loaded`, `widget_chat_prompt_injected`,
 * `widget_intent_routed`, and `widget_state_changed` for enable, disable and uninstall.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import {
  CallToolResultSchema,
  ErrorCode,
  McpError,
  type CallToolResult,
  type ReadResourceResult,
  type Resource,
  type Tool,
} from '@modelcontextprotocol/sdk/types.js';
import type { DynamicTools } from '../app.ts';
import type { Logger } from '../log.ts';
import { ArchiveError, readPackageArchive, unpackFiles } from '../packages/archive.ts';
import { PackageCallError, PackageConnections } from '../packages/connection.ts';
import { loadCuratedList, type CuratedPackage } from '../packages/curated.ts';
import { sha256 } from '../packages/hash-node.ts';
import { MAX_DESCRIPTOR_BYTES, MAX_INSTALLS_PER_USER, MAX_PACKAGE_RESOURCES } from '../packages/limits.ts';
import type { PackageManifest } from '../packages/manifest.ts';
import { chooseNamespace, namespacedTool, packageResourceOf, publishedResourceUri } from '../packages/namespace.ts';
import { PackageUnavailableError, ProcessManager, type ProcessManagerOptions, type ProcessSpec, type ProcessStatus } from '../packages/process.ts';
import { buildErrorResult } from '../result.ts';
import type { JsonValue, Store } from '../store/types.ts';
import { logField } from '../text.ts';
import type { ToolCaller } from '../tools.ts';
import { buildCatalog, type Catalog } from './catalog.ts';
import { migrateManagerStore, MIGRATIONS, type Migration } from './migrations.ts';
import {
  archiveKey,
  generationKey,
  installRequestKey,
  instanceKey,
  instancePrefix,
  managerUser,
  RECORD_SCHEMA,
  widgetKey,
  widgetPrefix,
  type InstalledWidget,
  type ManagerUser,
  type Stored,
  type WidgetInstance,
} from './records.ts';
import { derivedManifest, InstallError, resolveSource, type InstallField, type InstallRequest, type PackageCode, type ResolvedSource } from './sources.ts';

export interface WidgetManagerOptions {
  store: Store;
  log: Logger;
  /** Where archives are unpacked (`code/<hash>`) and packages keep their data (`data/<user>/<id>`). */
  packagesDir: string;
  /** Install process packages from files (their code runs here). Default false. */
  allowProcesses?: boolean;
  /** Reach remote packages on loopback or private addresses. Default false. */
  allowPrivateNetwork?: boolean;
  /** How long a user's catalog is kept between changes (default 5 min). */
  cacheTtlMs?: number;
  /** Log seed 003's debug events. */
  debug?: boolean;
  /** Deadline of a proxied call or read (default 10 s, the server's tool timeout). */
  callTimeoutMs?: number;
  /** Deadline of reaching a package while installing it (default 20 s, a process start included). */
  installTimeoutMs?: number;
  /** The curated list (default: the one shipped in server/packages/curated/). */
  curated?: readonly CuratedPackage[];
  /** Process manager settings (backoff, health checks, …). */
  processes?: Omit<ProcessManagerOptions, 'log' | 'onEvent'>;
  /** Migrations of the records (default: MIGRATIONS). */
  migrations?: readonly Migration[];
}

/** How a widget is doing right now, for its badge. */
export interface WidgetRuntime {
  label: 'Enabled' | 'Disabled' | 'Running' | 'Starting' | 'Restarting' | 'Down';
  tone: 'success' | 'neutral' | 'info' | 'warning' | 'danger';
  /** A sentence for the model and the detail, when there is more to say. */
  detail?: string;
  process?: ProcessStatus;
}

export interface ListQuery {
  text?: string;
  status?: 'enabled' | 'disabled';
  cursor?: string;
  limit: number;
}

export type WriteOutcome =
  | { status: 'written' | 'replayed'; record: Stored<InstalledWidget> }
  | { status: 'conflict'; current: Stored<InstalledWidget> }
  | { status: 'missing' };

const MAX_CACHED_USERS = 1000;

export class WidgetManager implements DynamicTools {
  readonly store: Store;
  readonly log: Logger;
  readonly curated: readonly CuratedPackage[];
  readonly processes: ProcessManager;
  readonly connections = new PackageConnections();
  readonly #options: WidgetManagerOptions;
  readonly #cache = new Map<string, Catalog>();
  readonly #callTimeoutMs: number;
  #closed = false;

  /** Migrates the records, starts the enabled process packages that start on boot, and returns the manager. */
  static async open(options: WidgetManagerOptions): Promise<WidgetManager> {
    await migrateManagerStore(options.store, options.migrations ?? MIGRATIONS, options.log);
    const manager = new WidgetManager(options);
    void manager.#boot();
    return manager;
  }

  private constructor(options: WidgetManagerOptions) {
    this.#options = options;
    this.store = options.store;
    this.log = options.log;
    this.curated = options.curated ?? loadCuratedList();
    this.#callTimeoutMs = options.callTimeoutMs ?? 10_000;
    this.processes = new ProcessManager({
      ...options.processes,
      log: options.log,
      // A process that starts again listens on another port, with no session of ours: connect afresh.
      onEvent: (event) => {
        if (event.type !== 'ready') this.connections.drop(event.key);
      },
    });
  }

  // ── Chat integration (DynamicTools) ─────────────────────────────────────────────────────────

  async listTools(caller: ToolCaller): Promise<Tool[]> {
    const user = managerUser(caller.id);
    const catalog = await this.catalog(user);
    this.#debug('widget_chat_prompt_injected', { user: user.key, tools: catalog.tools.length, resources: catalog.resources.length, generation: catalog.generation });
    return catalog.tools;
  }

  async listResources(caller: ToolCaller): Promise<Resource[]> {
    return (await this.catalog(managerUser(caller.id))).resources;
  }

  async callTool(caller: ToolCaller, name: string, args: unknown, signal: AbortSignal): Promise<CallToolResult | undefined> {
    if (!name.includes('__')) return undefined;
    const user = managerUser(caller.id);
    const catalog = await this.catalog(user);
    const route = catalog.routes.get(name);
    if (!route) {
      const off = catalog.disabled.get(name);
      if (!off) return undefined;
      this.log.toolCall(name, 0, 'disabled');
      return buildErrorResult(
        `${name} belongs to the widget ${off.name} (${off.packageId}), which is disabled, so its tools are off. Enable it (widget_set_enabled, or the /manager page) and call it again.`,
      );
    }
    const started = performance.now();
    let outcome = 'ok';
    try {
      if (args !== undefined && args !== null && (typeof args !== 'object' || Array.isArray(args))) {
        outcome = 'invalid_arguments';
        return buildErrorResult(`Invalid arguments for ${name}:\n  - arguments: must be object (got ${Array.isArray(args) ? 'array' : typeof args})`);
      }
      const { install } = route;
      const result = await this.#withPackage(user, install, signal, (client, options) =>
        client.callTool({ name: route.tool, arguments: (args ?? {}) as Record<string, unknown> }, CallToolResultSchema, options),
      );
      if (result.isError) outcome = 'error';
      return publishResult(install, result as CallToolResult);
    } catch (error) {
      if (error instanceof PackageCallError || error instanceof PackageUnavailableError) {
        outcome = error instanceof PackageCallError ? `package_${error.reason}` : 'package_down';
        return buildErrorResult(error.message);
      }
      outcome = 'failed';
      this.log.error(`widget manager: ${name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      return buildErrorResult(`${name} failed inside this server's widget manager. Try again; if it keeps failing, report it.`);
    } finally {
      const ms = performance.now() - started;
      this.log.toolCall(name, ms, outcome);
      this.#debug('widget_intent_routed', { user: user.key, tool: name, package: route.install.packageId, outcome, duration_ms: ms.toFixed(1) });
    }
  }

  async readResource(caller: ToolCaller, uri: string): Promise<ReadResourceResult | undefined> {
    const target = packageResourceOf(uri);
    if (!target) return undefined;
    const user = managerUser(caller.id);
    const catalog = await this.catalog(user);
    const install = catalog.installs.find((record) => record.value.packageId === target.packageId)?.value;
    if (!install) return undefined;
    if (!install.enabled) {
      throw new McpError(-32002 as ErrorCode, `Resource of the widget ${install.name} (${install.packageId}), which is disabled: enable it to show it.`, { uri });
    }
    try {
      const read = await this.#withPackage(user, install, undefined, (client, options) => client.readResource({ uri: target.uri }, options));
      return {
        contents: read.contents.map((content) => ({ ...content, uri: content.uri.startsWith('ui://') ? publishedResourceUri(install.packageId, content.uri) : content.uri })),
      } as ReadResourceResult;
    } catch (error) {
      if (error instanceof PackageCallError || error instanceof PackageUnavailableError) throw new McpError(-32000 as ErrorCode, error.message, { uri });
      if (error instanceof McpError) throw new McpError(error.code, `Widget package ${install.name}: ${error.message}`, { uri });
      throw error;
    }
  }

  /**
   * The user's catalog, loaded from the store unless the cached one is of the current generation and
   * younger than the TTL (one read of the generation record per request).
   */
  async catalog(user: ManagerUser): Promise<Catalog> {
    const started = performance.now();
    const generation = (await this.store.get(generationKey(user)))?.version ?? 0;
    const cached = this.#cache.get(user.key);
    if (cached && cached.generation === generation && Date.now() - cached.loadedAt < (this.#options.cacheTtlMs ?? 5 * 60_000)) {
      this.#debug('widget_manifest_loaded', { user: user.key, widgets: cached.installs.length, enabled: cached.installs.filter((record) => record.value.enabled).length, cached: true, generation });
      return cached;
    }
    const records = (await this.store.list(widgetPrefix(user), { limit: 1000 })) as unknown as Stored<InstalledWidget>[];
    const catalog = buildCatalog(records.filter((record) => record.value.kind === 'installed_widget'), generation);
    this.#cache.delete(user.key);
    this.#cache.set(user.key, catalog);
    if (this.#cache.size > MAX_CACHED_USERS) this.#cache.delete(this.#cache.keys().next().value!);
    this.#debug('widget_manifest_loaded', {
      user: user.key,
      widgets: catalog.installs.length,
      enabled: catalog.installs.filter((record) => record.value.enabled).length,
      cached: false,
      generation,
      duration_ms: (performance.now() - started).toFixed(1),
    });
    return catalog;
  }

  // ── Management (the manager's tools) ────────────────────────────────────────────────────────

  async list(user: ManagerUser, query: ListQuery): Promise<{ records: Stored<InstalledWidget>[]; total: number; nextCursor: string | null }> {
    const prefix = widgetPrefix(user);
    const found = await this.store.find(prefix, {
      where: { kind: 'installed_widget', ...(query.status ? { enabled: query.status === 'enabled' } : {}) },
      ...(query.text ? { search: { fields: ['name', 'packageId', 'sourceRef', 'namespace'], text: query.text } } : {}),
      limit: query.limit + 1,
      ...(query.cursor ? { after: `${prefix}${query.cursor}` } : {}),
    });
    const records = found.records.slice(0, query.limit) as unknown as Stored<InstalledWidget>[];
    return { records, total: found.total, nextCursor: found.records.length > query.limit ? records.at(-1)!.value.packageId : null };
  }

  async get(user: ManagerUser, packageId: string): Promise<Stored<InstalledWidget> | null> {
    return (await this.store.get(widgetKey(user, packageId))) as unknown as Stored<InstalledWidget> | null;
  }

  /** How the widget is doing (process state for process packages). */
  runtime(user: ManagerUser, install: InstalledWidget): WidgetRuntime {
    if (!install.enabled) return { label: 'Disabled', tone: 'neutral' };
    if (install.executionModel !== 'process') return { label: 'Enabled', tone: 'success' };
    const process = this.processes.status(processKey(user, install.packageId));
    switch (process?.state) {
      case 'running':
        return { label: 'Running', tone: 'success', process, detail: `Running on port ${process.port}${process.restarts ? `, restarted ${process.restarts} times` : ''}.` };
      case 'starting':
        return { label: 'Starting', tone: 'info', process };
      case 'backoff':
        return { label: 'Restarting', tone: 'warning', process, detail: `Stopped (${process.crashesInARow} times in a row); restarting.` };
      case 'failed':
        return { label: 'Down', tone: 'danger', process, detail: `Stopped ${process.crashesInARow} times in a row and is no longer restarted: disable and enable it to try again.` };
      default:
        return { label: 'Enabled', tone: 'success', detail: 'Starts on its first call.' };
    }
  }

  /**
   * Installs a package for the user; throws InstallError naming the field to fix. A repeat with the
   * same `requestId` answers with what the first one installed.
   */
  async install(user: ManagerUser, request: InstallRequest, requestId: string, signal?: AbortSignal): Promise<{ record: Stored<InstalledWidget>; replayed: boolean; notes: string[] }> {
    const started = performance.now();
    const requestKey = installRequestKey(user, requestId);
    const earlier = await this.store.get<{ packageId: string }>(requestKey);
    if (earlier) {
      const record = await this.get(user, earlier.value.packageId);
      if (record) return { record, replayed: true, notes: [] };
    }
    let resolved: ResolvedSource | undefined;
    let started_process: string | null = null;
    try {
      resolved = await resolveSource(request, {
        allowPrivateNetwork: this.#options.allowPrivateNetwork ?? false,
        allowProcesses: this.#options.allowProcesses ?? false,
        curated: this.curated,
        timeoutMs: this.#options.installTimeoutMs ?? 20_000,
      });
      if (resolved.kind === 'manifest') await this.#refuseInstalled(user, resolved.manifest.id, fieldOf(resolved));
      const count = (await this.store.find(widgetPrefix(user), { where: { kind: 'installed_widget' }, limit: 1 })).total;
      if (count >= MAX_INSTALLS_PER_USER) throw new InstallError('source', `You have ${count} widgets installed, the most one user may have. Uninstall one first.`);
      signal?.throwIfAborted();

      const probed = await this.#probe(user, resolved, (key) => (started_process = key));
      const { manifest } = probed;
      if (resolved.kind === 'mcp-url') await this.#refuseInstalled(user, manifest.id, 'location');
      const installs = (await this.store.list(widgetPrefix(user), { limit: 1000 })) as unknown as Stored<InstalledWidget>[];
      const namespace = chooseNamespace(manifest.id, manifest.contributes.tools.map((tool) => tool.name), new Set(installs.map((record) => record.value.namespace)));
      const now = new Date().toISOString();
      const enabled = request.enabled !== false;
      const code = resolved.kind === 'manifest' ? resolved.code : undefined;
      if (code?.kind === 'archive') {
        const existing = await this.store.get(archiveKey(user, manifest.id));
        await this.store.put(archiveKey(user, manifest.id), { sha256: code.sha256, size: code.bytes.length, data: Buffer.from(code.bytes).toString('base64') }, { expectedVersion: existing?.version ?? 0 });
      }
      const value: InstalledWidget = {
        schema: RECORD_SCHEMA,
        kind: 'installed_widget',
        userId: user.id,
        packageId: manifest.id,
        name: manifest.name,
        namespace,
        sourceType: resolved.sourceType,
        sourceRef: resolved.sourceRef,
        version: manifest.version,
        executionModel: manifest.executionModel,
        manifest,
        enabled,
        startOnBoot: manifest.executionModel === 'process' && manifest.activationEvents.includes('onStartup'),
        tools: probed.tools,
        resources: probed.resources,
        ...(code?.kind === 'archive' ? { code: { archive: { sha256: code.sha256, size: code.bytes.length } }, codeHash: code.sha256 } : {}),
        ...(code?.kind === 'curated' ? { code: { curated: resolved.sourceRef } } : {}),
        installedAt: now,
        changedAt: now,
      };
      const outcome = await this.store.put(widgetKey(user, manifest.id), value as unknown as JsonValue, { expectedVersion: 0 });
      if (outcome.status === 'conflict') throw new InstallError(fieldOf(resolved), `${manifest.name} (${manifest.id}) was installed meanwhile. Uninstall it first to install it again.`);
      await this.store.put(requestKey, { packageId: manifest.id }, { expectedVersion: 0 }).catch(() => undefined);
      await this.#changed(user);
      if (!enabled || !value.startOnBoot) {
        if (started_process) await this.processes.stop(started_process);
      }
      started_process = null;
      this.#debug('widget_install_success', {
        user: user.key,
        package: manifest.id,
        version: manifest.version,
        source: resolved.sourceType,
        kind: manifest.executionModel,
        namespace,
        tools: probed.tools.length,
        enabled,
        duration_ms: (performance.now() - started).toFixed(1),
      });
      return { record: outcome.record as unknown as Stored<InstalledWidget>, replayed: false, notes: probed.notes };
    } catch (error) {
      if (started_process) await this.processes.stop(started_process);
      this.#debug('widget_install_fail', {
        user: user.key,
        source: request.source,
        field: error instanceof InstallError ? error.field : '-',
        reason: error instanceof Error ? error.message.split('\n')[0]!.slice(0, 200) : String(error),
      });
      throw error;
    }
  }

  /** Enables or disables an install (compare-and-set when `expectedVersion` is given). */
  async setEnabled(user: ManagerUser, packageId: string, enabled: boolean, options: { expectedVersion?: number; requestId: string }): Promise<WriteOutcome> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const current = await this.get(user, packageId);
      if (!current) return { status: 'missing' };
      const expectedVersion = options.expectedVersion ?? current.version;
      const outcome = await this.store.put(
        widgetKey(user, packageId),
        { ...current.value, enabled, changedAt: new Date().toISOString() } as unknown as JsonValue,
        { expectedVersion, idempotencyKey: `${widgetKey(user, packageId)}:enabled:${options.requestId}` },
      );
      if (outcome.status === 'conflict') {
        if (options.expectedVersion !== undefined || !outcome.current) {
          return outcome.current ? { status: 'conflict', current: outcome.current as unknown as Stored<InstalledWidget> } : { status: 'missing' };
        }
        continue;
      }
      const record = outcome.record as unknown as Stored<InstalledWidget>;
      if (outcome.status === 'written') {
        await this.#changed(user);
        const key = processKey(user, packageId);
        if (!enabled) {
          await this.processes.stop(key);
          this.connections.drop(key);
        } else if (record.value.startOnBoot) void this.#startProcess(user, record.value);
        this.#debug('widget_state_changed', { user: user.key, package: packageId, enabled });
      }
      return { status: outcome.status, record };
    }
    throw new Error(`Could not change ${packageId}: it kept changing meanwhile.`);
  }

  /** Uninstalls: the record, its instances and archive; its process stops. */
  async uninstall(user: ManagerUser, packageId: string, options: { expectedVersion: number; requestId: string }): Promise<WriteOutcome> {
    const outcome = await this.store.remove(widgetKey(user, packageId), {
      expectedVersion: options.expectedVersion,
      idempotencyKey: `${widgetKey(user, packageId)}:uninstall:${options.requestId}`,
    });
    if (outcome.status === 'conflict') return outcome.current ? { status: 'conflict', current: outcome.current as unknown as Stored<InstalledWidget> } : { status: 'missing' };
    const record = outcome.record as unknown as Stored<InstalledWidget>;
    if (outcome.status === 'removed') {
      const key = processKey(user, packageId);
      await this.processes.stop(key);
      this.connections.drop(key);
      for (const instance of (await this.store.list(instancePrefix(user), { limit: 1000 })) as unknown as Stored<WidgetInstance>[]) {
        if (instance.value.packageId === packageId) await this.store.remove(instance.key, { expectedVersion: instance.version });
      }
      const archive = await this.store.get(archiveKey(user, packageId));
      if (archive) await this.store.remove(archiveKey(user, packageId), { expectedVersion: archive.version });
      await this.#changed(user);
      await this.#dropUnusedCode(record.value);
      this.#debug('widget_state_changed', { user: user.key, package: packageId, uninstalled: true });
    }
    return { status: outcome.status === 'removed' ? 'written' : 'replayed', record };
  }

  /** Opens an installed widget somewhere (seed 003's widget_instances): a panel id and what it shows. */
  async openInstance(user: ManagerUser, packageId: string, tool?: string, args: Record<string, JsonValue> = {}): Promise<Stored<WidgetInstance>> {
    const install = await this.get(user, packageId);
    if (!install) throw new InstallError('location', `No widget ${packageId} is installed.`);
    if (!install.value.enabled) throw new InstallError('location', `${install.value.name} is disabled: enable it to open it.`);
    const own = tool ?? firstUiTool(install.value.tools)?.name ?? install.value.tools[0]!.name;
    if (!install.value.tools.some((entry) => entry.name === own)) throw new InstallError('location', `${install.value.name} has no tool ${own}.`);
    const instanceId = randomUUID();
    const value: WidgetInstance = {
      schema: RECORD_SCHEMA,
      kind: 'widget_instance',
      userId: user.id,
      instanceId,
      packageId,
      panelId: `${install.value.namespace}-${instanceId.slice(0, 8)}`,
      config: { tool: namespacedTool(install.value.namespace, own), args },
      createdAt: new Date().toISOString(),
    };
    const outcome = await this.store.put(instanceKey(user, instanceId), value as unknown as JsonValue, { expectedVersion: 0 });
    return (outcome.status === 'conflict' ? outcome.current : outcome.record) as unknown as Stored<WidgetInstance>;
  }

  /** How many places the widget is open in. */
  async instanceCount(user: ManagerUser, packageId: string): Promise<number> {
    return (await this.store.find(instancePrefix(user), { where: { packageId }, limit: 1 })).total;
  }

  /** Stops every process and drops every connection. */
  async close(): Promise<void> {
    this.#closed = true;
    await this.processes.stopAll();
    this.connections.dropAll();
  }

  // ── Inside ──────────────────────────────────────────────────────────────────────────────────

  /** Reaches the package of `install` and runs `work` with a client, within the call deadline. */
  async #withPackage<T>(
    user: ManagerUser,
    install: InstalledWidget,
    signal: AbortSignal | undefined,
    work: (client: Client, options: { timeout: number; signal: AbortSignal }) => Promise<T>,
  ): Promise<T> {
    const label = `${install.name} (${install.packageId})`;
    const started = Date.now();
    const isProcess = install.executionModel === 'process';
    const key = processKey(user, install.packageId);
    const url = isProcess ? await this.processes.endpoint(await this.#processSpec(user, install), this.#callTimeoutMs) : install.manifest.main;
    const timeoutMs = Math.max(1, this.#callTimeoutMs - (Date.now() - started));
    return this.connections.use(key, url, label, work, { timeoutMs, signal, allowPrivateNetwork: isProcess || (this.#options.allowPrivateNetwork ?? false) });
  }

  /** Reaches a resolved package and reads what it offers; notes what was left out. */
  async #probe(user: ManagerUser, resolved: ResolvedSource, onProcess: (key: string) => void): Promise<{ manifest: PackageManifest; tools: Tool[]; resources: Resource[]; notes: string[] }> {
    const field = fieldOf(resolved);
    const timeoutMs = this.#options.installTimeoutMs ?? 20_000;
    const probeKey = `probe:${randomUUID()}`;
    let url: string;
    let label: string;
    let allowPrivateNetwork = this.#options.allowPrivateNetwork ?? false;
    if (resolved.kind === 'mcp-url') {
      url = resolved.url;
      label = `at ${resolved.url}`;
    } else {
      const { manifest } = resolved;
      label = `${manifest.name} (${manifest.id})`;
      if (manifest.executionModel === 'process') {
        const dir = await this.#codeDir(user, manifest.id, resolved.code);
        const spec: ProcessSpec = { ...this.#specBase(user, manifest), dir };
        onProcess(spec.key);
        await this.processes.stop(spec.key);
        try {
          url = await this.processes.endpoint(spec, timeoutMs);
        } catch (error) {
          throw new InstallError(field, (error as Error).message);
        }
        allowPrivateNetwork = true;
      } else url = manifest.main;
    }
    try {
      return await this.connections.use(
        probeKey,
        url,
        label,
        async (client, options) => {
          const tools = await listAllTools(client, options);
          const notes: string[] = [];
          let manifest: PackageManifest;
          if (resolved.kind === 'mcp-url') {
            const derived = derivedManifest(url, client.getServerVersion(), client.getInstructions(), tools);
            manifest = derived.manifest;
            if (derived.leftOut.length) notes.push(`Left out (names hosts do not accept, or over 64 tools): ${derived.leftOut.join(', ')}.`);
          } else manifest = resolved.manifest;
          const byName = new Map(tools.map((tool) => [tool.name, tool]));
          const missing = manifest.contributes.tools.map((tool, index) => ({ tool, index })).filter(({ tool }) => !byName.has(tool.name));
          if (missing.length) {
            const has = tools.map((tool) => tool.name).slice(0, 20).join(', ') || 'none';
            throw new InstallError(
              field,
              `The package's server has no tool ${missing.map(({ tool, index }) => `${tool.name} (contributes.tools.${index})`).join(', ')}; it has: ${has}.`,
            );
          }
          const contributed = manifest.contributes.tools.map((tool) => byName.get(tool.name)!);
          const resources = await listUiResources(client, contributed, options);
          if (JSON.stringify({ contributed, resources }).length > MAX_DESCRIPTOR_BYTES) {
            throw new InstallError(field, `The package describes its tools and resources in more than ${MAX_DESCRIPTOR_BYTES / 1024} KB.`);
          }
          return { manifest, tools: contributed, resources, notes };
        },
        { timeoutMs, allowPrivateNetwork, keep: (error) => error instanceof InstallError },
      );
    } catch (error) {
      if (error instanceof PackageCallError) throw new InstallError(field, error.message);
      throw error;
    } finally {
      this.connections.drop(probeKey);
    }
  }

  async #refuseInstalled(user: ManagerUser, packageId: string, field: InstallField): Promise<void> {
    const existing = await this.get(user, packageId);
    if (existing) {
      throw new InstallError(field, `${existing.value.name} (${packageId}) is already installed, version ${existing.value.version}. Uninstall it first to install it again.`);
    }
  }

  #specBase(user: ManagerUser, manifest: PackageManifest): Omit<ProcessSpec, 'dir'> {
    return {
      key: processKey(user, manifest.id),
      packageId: manifest.id,
      label: `${manifest.name} (${manifest.id})`,
      main: manifest.main.replace(/^\.\//, ''),
      ...(manifest.port ? { preferredPort: manifest.port } : {}),
      dataDir: join(this.#options.packagesDir, 'data', user.key, manifest.id),
    };
  }

  async #processSpec(user: ManagerUser, install: InstalledWidget): Promise<ProcessSpec> {
    const code: PackageCode | undefined =
      install.code && 'curated' in install.code
        ? { kind: 'curated', folder: this.curated.find((entry) => entry.manifest.id === install.packageId)?.folder ?? '' }
        : undefined;
    return { ...this.#specBase(user, install.manifest), dir: await this.#codeDir(user, install.packageId, code) };
  }

  /**
   * The folder a process package runs from: its curated folder, or its archive unpacked under
   * `code/<hash>` (from the store when this machine has not unpacked it yet).
   */
  async #codeDir(user: ManagerUser, packageId: string, code: PackageCode | undefined): Promise<string> {
    if (code?.kind === 'curated') {
      if (!code.folder || !existsSync(code.folder)) throw new PackageUnavailableError(`The curated package ${packageId} is not shipped with this server any more.`);
      return code.folder;
    }
    let files = code?.kind === 'archive' ? code.files : undefined;
    let hash = code?.kind === 'archive' ? code.sha256 : undefined;
    if (!hash) {
      const stored = await this.store.get<{ sha256: string; data: string }>(archiveKey(user, packageId));
      if (!stored) throw new PackageUnavailableError(`Widget package ${packageId} has no archive in the store: uninstall it and install it again.`);
      hash = stored.value.sha256;
      const dir = this.#archiveDir(hash);
      if (existsSync(dir)) return dir;
      const bytes = new Uint8Array(Buffer.from(stored.value.data, 'base64'));
      if (sha256(bytes) !== hash) throw new PackageUnavailableError(`Widget package ${packageId}: its stored archive does not match its hash; uninstall it and install it again.`);
      try {
        files = readPackageArchive(bytes).files;
      } catch (error) {
        if (error instanceof ArchiveError) throw new PackageUnavailableError(`Widget package ${packageId}: ${error.message}`);
        throw error;
      }
    }
    const dir = this.#archiveDir(hash);
    if (!existsSync(dir)) {
      try {
        unpackFiles(files!, dir);
      } catch (error) {
        // Another call unpacked it meanwhile: the folder is complete (it appears by rename).
        if (!existsSync(dir)) throw error;
      }
    }
    return dir;
  }

  #archiveDir(hash: string): string {
    return join(this.#options.packagesDir, 'code', hash.slice(0, 32));
  }

  /** Removes an unpacked archive no install of any user names any more. */
  async #dropUnusedCode(install: InstalledWidget): Promise<void> {
    const hash = install.codeHash;
    if (!hash) return;
    const users = await this.store.find('manager:', { where: { kind: 'installed_widget', codeHash: hash }, limit: 1 });
    if (users.total === 0) rmSync(this.#archiveDir(hash), { recursive: true, force: true });
  }

  async #startProcess(user: ManagerUser, install: InstalledWidget): Promise<void> {
    try {
      this.processes.start(await this.#processSpec(user, install));
    } catch (error) {
      this.log.error(`widget_process not_started package=${logField(install.packageId)} problem=${logField((error as Error).message)}`);
    }
  }

  /** Starts every enabled process package that starts on boot, of every user. */
  async #boot(): Promise<void> {
    let after: string | undefined;
    try {
      for (;;) {
        const page = await this.store.find('manager:', {
          where: { kind: 'installed_widget', executionModel: 'process', enabled: true, startOnBoot: true },
          limit: 200,
          ...(after ? { after } : {}),
        });
        for (const record of page.records as unknown as Stored<InstalledWidget>[]) {
          if (this.#closed) return;
          await this.#startProcess(managerUser(record.value.userId), record.value);
        }
        if (page.records.length < 200) return;
        after = page.records.at(-1)!.key;
      }
    } catch (error) {
      this.log.error(`widget manager: starting the packages that start on boot failed: ${(error as Error).message}`);
    }
  }

  /** After a change: the user's generation moves on (every server process sees it), this process's cache is dropped. */
  async #changed(user: ManagerUser): Promise<void> {
    this.#cache.delete(user.key);
    for (let attempt = 0; attempt < 10; attempt++) {
      const current = await this.store.get(generationKey(user));
      const outcome = await this.store.put(generationKey(user), { changedAt: new Date().toISOString() }, { expectedVersion: current?.version ?? 0 });
      if (outcome.status === 'written') return;
    }
  }

  #debug(event: string, fields: Record<string, string | number | boolean>): void {
    if (!this.#options.debug) return;
    this.log.info(`${event} ${Object.entries(fields).map(([key, value]) => `${key}=${logField(String(value))}`).join(' ')}`);
  }
}

/** The process manager's key of a user's package. */
export function processKey(user: ManagerUser, packageId: string): string {
  return `${user.key}/${packageId}`;
}

function fieldOf(resolved: ResolvedSource): InstallField {
  if (resolved.kind === 'mcp-url') return 'location';
  if (resolved.sourceType === 'file') return resolved.code?.kind === 'archive' ? 'archive' : 'manifest';
  return 'location';
}

/** A package's result as this server answers it: its UI resource URIs mapped to ours, its id in `_meta`. */
function publishResult(install: InstalledWidget, result: CallToolResult): CallToolResult {
  const meta = { ...(result._meta ?? {}) } as Record<string, unknown>;
  if (typeof meta['openai/outputTemplate'] === 'string' && (meta['openai/outputTemplate'] as string).startsWith('ui://')) {
    meta['openai/outputTemplate'] = publishedResourceUri(install.packageId, meta['openai/outputTemplate'] as string);
  }
  meta['skylit/widgetId'] = install.packageId;
  const structured = result.structuredContent;
  return {
    content: Array.isArray(result.content) ? result.content : [],
    ...(structured && typeof structured === 'object' && !Array.isArray(structured) ? { structuredContent: structured } : {}),
    ...(result.isError ? { isError: true } : {}),
    _meta: meta,
  };
}

async function listAllTools(client: Client, options: { timeout: number; signal: AbortSignal }): Promise<Tool[]> {
  const tools: Tool[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < 10; page++) {
    const answer = await client.listTools(cursor ? { cursor } : {}, options);
    tools.push(...answer.tools);
    cursor = answer.nextCursor;
    if (!cursor || tools.length >= 500) break;
  }
  return tools;
}

/** The package's `ui://` resources: those it lists, and those its contributed tools name. */
async function listUiResources(client: Client, tools: Tool[], options: { timeout: number; signal: AbortSignal }): Promise<Resource[]> {
  const found = new Map<string, Resource>();
  if (client.getServerCapabilities()?.resources) {
    let cursor: string | undefined;
    for (let page = 0; page < 5; page++) {
      const answer = await client.listResources(cursor ? { cursor } : {}, options);
      for (const resource of answer.resources) if (resource.uri.startsWith('ui://')) found.set(resource.uri, resource);
      cursor = answer.nextCursor;
      if (!cursor) break;
    }
  }
  for (const tool of tools) {
    const uri = uiUriOf(tool);
    if (uri && !found.has(uri)) found.set(uri, { uri, name: tool.name });
  }
  return [...found.values()].slice(0, MAX_PACKAGE_RESOURCES);
}

function uiUriOf(tool: Tool): string | undefined {
  const meta = (tool._meta ?? {}) as Record<string, unknown>;
  const ui = meta.ui as { resourceUri?: unknown } | undefined;
  const uri = typeof ui?.resourceUri === 'string' ? ui.resourceUri : typeof meta['openai/outputTemplate'] === 'string' ? (meta['openai/outputTemplate'] as string) : undefined;
  return uri?.startsWith('ui://') ? uri : undefined;
}

function firstUiTool(tools: Tool[]): Tool | undefined {
  return tools.find((tool) => uiUriOf(tool));
}
