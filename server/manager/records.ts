/**
 * What the widget manager keeps in the store: seed 003's two tables, `installed_widgets` and
 * `widget_instances`, as records of the one versioned key-value store every engine implements
 * (SQLite, PostgreSQL, memory), per user:
 *
 * | key | seed 003 | value |
 * | --- | --- | --- |
 * | `manager:<user>:widget:<package id>` | installed_widgets | InstalledWidget (the manifest, enabled, source, namespace = slug) |
 * | `manager:<user>:instance:<instance id>` | widget_instances | WidgetInstance (panel id, what it opened) |
 * | `manager:<user>:generation` | — | bumped on every change: the per-request cache check (catalog.ts) |
 * | `manager-archive:<user>:<package id>` | — | a process package's archive (base64), so any server process can unpack it |
 * | `manager:schema` | the migrations table | `{ version }`: the layout the records follow (migrations.ts) |
 *
 * Keys make the seed's constraints hold by construction: one install of a package per user (the key),
 * an instance names its widget (removed with it, in code: the store has no foreign keys). `<user>` is
 * `local` for a single-user server, else a hash of the user id (keys stay short and carry no
 * identifier); the id itself is in the value (`userId`).
 */
import type { Resource, Tool } from '@modelcontextprotocol/sdk/types.js';
import { base64url, sha256 } from '../hash.ts';
import type { PackageManifest } from '../packages/manifest.ts';
import type { JsonValue, StoredRecord } from '../store/types.ts';

/** Who a request is for: one user of the manager. */
export interface ManagerUser {
  /** The user id from the bearer token (`sub`), or null on a single-user server. */
  id: string | null;
  /** The id as it appears in store keys: `local`, or `u` + a hash of the id. */
  key: string;
}

export const LOCAL_USER: ManagerUser = { id: null, key: 'local' };

export function managerUser(id: string | null | undefined): ManagerUser {
  if (!id) return LOCAL_USER;
  return { id, key: `u${base64url(sha256(`skylit-user:${id}`)).slice(0, 22)}` };
}

export type SourceType = 'url' | 'file' | 'store';

/** An installed widget package (seed 003's installed_widgets row). */
export interface InstalledWidget {
  /** The record layout (migrations.ts). */
  schema: number;
  kind: 'installed_widget';
  userId: string | null;
  packageId: string;
  name: string;
  /** The namespace of its tools (seed 003's slug, unique per user). */
  namespace: string;
  sourceType: SourceType;
  /** The URL, the file name, or the curated entry's id. */
  sourceRef: string;
  version: string;
  executionModel: PackageManifest['executionModel'];
  manifest: PackageManifest;
  enabled: boolean;
  /** Started with the server (process packages with `onStartup`). */
  startOnBoot: boolean;
  /** The package's descriptors of its contributed tools, as it published them (its own names). */
  tools: Tool[];
  /** Its UI resources (its own `ui://` URIs). */
  resources: Resource[];
  /** Process packages: the archive it was installed from, or the curated folder. */
  code?: { archive: { sha256: string; size: number } } | { curated: string };
  /** The archive's hash, top level so a `find` tells whether any install still uses it. */
  codeHash?: string;
  installedAt: string;
  changedAt: string;
}

/** One place an installed widget is shown (seed 003's widget_instances row). */
export interface WidgetInstance {
  schema: number;
  kind: 'widget_instance';
  userId: string | null;
  instanceId: string;
  packageId: string;
  /** Unique per instance: `<namespace>-<instance id>`. */
  panelId: string;
  /** What it opened: the tool (published name) and its arguments. */
  config: { tool: string; args: Record<string, JsonValue> };
  createdAt: string;
}

export const RECORD_SCHEMA = 1;
export const SCHEMA_KEY = 'manager:schema';

export const widgetPrefix = (user: ManagerUser): string => `manager:${user.key}:widget:`;
export const widgetKey = (user: ManagerUser, packageId: string): string => `${widgetPrefix(user)}${packageId}`;
export const instancePrefix = (user: ManagerUser): string => `manager:${user.key}:instance:`;
export const instanceKey = (user: ManagerUser, instanceId: string): string => `${instancePrefix(user)}${instanceId}`;
export const generationKey = (user: ManagerUser): string => `manager:${user.key}:generation`;
export const archiveKey = (user: ManagerUser, packageId: string): string => `manager-archive:${user.key}:${packageId}`;
/** An install request already handled (idempotency of widget_install by requestId). */
export const installRequestKey = (user: ManagerUser, requestId: string): string =>
  `manager:${user.key}:install-request:${base64url(sha256(requestId)).slice(0, 32)}`;

/** A stored record of one of the types above (they hold SDK and zod types, so they are cast at the store's edge). */
export type Stored<T> = Omit<StoredRecord, 'value'> & { value: T };
