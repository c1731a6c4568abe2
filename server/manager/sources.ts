/**
 * Where an install comes from (seed 003's pipeline, steps 1–4: fetch the package, extract its
 * manifest, validate it, refuse it with the field named), before anything of it runs:
 *
 * | source | `location` | what is read |
 * | --- | --- | --- |
 * | `url` | the URL of an MCP server | nothing yet: its manifest is made from what it lists (derivedManifest) |
 * | `url` | a URL ending in `.json` | a remote package's manifest (64 KB at most) |
 * | `file` | the file's name (optional) | `manifest` (JSON text of a remote package) or `archive` (a .tgz, base64) |
 * | `store` | a curated package's id | the curated list (curated.ts) |
 *
 * Process packages come only as an archive or from the curated list: their code runs on this
 * machine, so a manifest alone (no files) or a URL cannot describe one.
 */
import type { Implementation, Tool } from '@modelcontextprotocol/sdk/types.js';
import { sha256 as nodeSha256 } from '../packages/hash-node.ts';
import { ArchiveError, readPackageArchive } from '../packages/archive.ts';
import { checkAddress, PackageCallError } from '../packages/connection.ts';
import type { CuratedPackage } from '../packages/curated.ts';
import { MAX_ARCHIVE_BYTES, MAX_MANIFEST_BYTES } from '../packages/limits.ts';
import { MAX_PACKAGE_TOOLS, PackageManifestError, parsePackageManifest, remoteUrlProblem, TOOL_NAME, type PackageManifest } from '../packages/manifest.ts';
import type { SourceType } from './records.ts';

/** The form of an install, as the manager's tools take it. */
export interface InstallRequest {
  source: SourceType;
  location?: string | null;
  manifest?: string | null;
  archive?: { name?: string; data: string } | null;
  enabled?: boolean | null;
}

/** The field an install error belongs to (the widget shows it there). */
export type InstallField = 'source' | 'location' | 'manifest' | 'archive';

/** An install refused; the message says what to fix in `field`. */
export class InstallError extends Error {
  constructor(
    readonly field: InstallField,
    message: string,
  ) {
    super(message);
    this.name = 'InstallError';
  }
}

/** An install request read and checked, before its package is reached. */
export type ResolvedSource =
  | { kind: 'mcp-url'; url: string; sourceType: 'url'; sourceRef: string }
  | { kind: 'manifest'; manifest: PackageManifest; sourceType: SourceType; sourceRef: string; code?: PackageCode };

export type PackageCode =
  | { kind: 'archive'; bytes: Uint8Array; files: Map<string, Uint8Array>; sha256: string }
  | { kind: 'curated'; folder: string };

export interface SourceContext {
  allowPrivateNetwork: boolean;
  allowProcesses: boolean;
  curated: readonly CuratedPackage[];
  timeoutMs: number;
}

/** Reads and checks the request; throws InstallError naming the field. */
export async function resolveSource(request: InstallRequest, context: SourceContext): Promise<ResolvedSource> {
  switch (request.source) {
    case 'url':
      return resolveUrl(request.location?.trim() ?? '', context);
    case 'file':
      return resolveFile(request, context);
    case 'store':
      return resolveStore(request.location?.trim() ?? '', context);
    default:
      throw new InstallError('source', 'Choose where the widget comes from: url, file or store.');
  }
}

async function resolveUrl(location: string, context: SourceContext): Promise<ResolvedSource> {
  if (!location) throw new InstallError('location', 'Enter the URL of the widget’s MCP server (https://…/mcp) or of its manifest (…/manifest.json).');
  const problem = remoteUrlProblem(location);
  if (problem) throw new InstallError('location', `The URL ${problem}.`);
  const url = new URL(location);
  if (!url.pathname.endsWith('.json')) return { kind: 'mcp-url', url: url.href, sourceType: 'url', sourceRef: url.href };
  const text = await fetchManifest(url, context);
  const manifest = manifestOrError(text, 'location', 'The manifest at this URL');
  if (manifest.executionModel !== 'remote') {
    throw new InstallError('location', `The manifest at this URL describes a ${manifest.executionModel} package; from a URL only remote packages install. Install a process package from its archive file.`);
  }
  return { kind: 'manifest', manifest, sourceType: 'url', sourceRef: url.href };
}

function resolveFile(request: InstallRequest, context: SourceContext): ResolvedSource {
  const name = request.location?.trim() || (request.archive ? request.archive.name : undefined) || 'manifest.json';
  if (request.archive) {
    const bytes = decodeBase64(request.archive.data);
    let archive;
    try {
      archive = readPackageArchive(bytes);
    } catch (error) {
      if (error instanceof ArchiveError) throw new InstallError('archive', error.message);
      throw error;
    }
    const manifest = manifestOrError(archive.manifestText, 'archive', 'The manifest.json in the archive');
    if (manifest.executionModel === 'process') {
      if (!context.allowProcesses) {
        throw new InstallError('archive', 'This server does not run widget packages from files (their code would run on it). Install a remote package, or one from the curated list; its owner can allow it with SKYLIT_MANAGER_PROCESSES=on.');
      }
      const main = manifest.main.replace(/^\.\//, '');
      if (!archive.files.has(main)) throw new InstallError('archive', `The archive has no ${main}, the file its manifest names as main.`);
    }
    const code: PackageCode = { kind: 'archive', bytes, files: archive.files, sha256: nodeSha256(bytes) };
    return { kind: 'manifest', manifest, sourceType: 'file', sourceRef: clipName(name), code };
  }
  const text = request.manifest?.trim();
  if (!text) throw new InstallError('manifest', 'Paste the widget package’s manifest.json, or choose its archive (.tgz).');
  if (Buffer.byteLength(text) > MAX_MANIFEST_BYTES) throw new InstallError('manifest', `The manifest is larger than ${MAX_MANIFEST_BYTES / 1024} KB.`);
  const manifest = manifestOrError(text, 'manifest', 'The manifest');
  if (manifest.executionModel === 'process') {
    throw new InstallError('manifest', 'This manifest describes a process package, which needs its files: install its archive (.tgz) instead.');
  }
  return { kind: 'manifest', manifest, sourceType: 'file', sourceRef: clipName(name) };
}

function resolveStore(id: string, context: SourceContext): ResolvedSource {
  const ids = context.curated.map((entry) => entry.manifest.id);
  if (!id) throw new InstallError('location', `Enter the id of a curated widget: ${ids.join(', ') || '(the list is empty)'}.`);
  const entry = context.curated.find((candidate) => candidate.manifest.id === id);
  if (!entry) throw new InstallError('location', `No curated widget is called “${id.slice(0, 80)}”. The list has: ${ids.join(', ') || '(nothing)'}.`);
  return {
    kind: 'manifest',
    manifest: entry.manifest,
    sourceType: 'store',
    sourceRef: id,
    ...(entry.folder ? { code: { kind: 'curated' as const, folder: entry.folder } } : {}),
  };
}

/**
 * The manifest of an MCP server installed by its URL alone: its id made from the URL's host and the
 * server's name (`https://weather.example.com/mcp` of "weather" → `com.example.weather.weather`), its
 * name, version and description from `initialize`, every tool a host can call (names of at most 48
 * characters; others are left out and said so).
 */
export function derivedManifest(url: string, server: Implementation | undefined, instructions: string | undefined, tools: Tool[]): { manifest: PackageManifest; leftOut: string[] } {
  const callable = tools.filter((tool) => TOOL_NAME.test(tool.name)).slice(0, MAX_PACKAGE_TOOLS);
  const leftOut = tools.filter((tool) => !callable.includes(tool)).map((tool) => tool.name.slice(0, 80));
  if (callable.length === 0) {
    throw new InstallError('location', tools.length ? `The server at this URL has no tool whose name a host accepts (letters, digits, _ or -, at most 48).` : 'The server at this URL has no tools to install.');
  }
  const version = /^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/.test(server?.version ?? '') ? server!.version : '0.0.0';
  const raw = {
    id: derivedId(new URL(url), server?.name ?? ''),
    name: (server?.title || server?.name || new URL(url).hostname).slice(0, 80),
    version,
    ...(instructions ? { description: instructions.slice(0, 500) } : {}),
    main: url,
    executionModel: 'remote',
    contributes: { tools: callable.map((tool) => ({ name: tool.name, ...(tool.title ? { title: tool.title.slice(0, 80) } : {}) })) },
  };
  try {
    return { manifest: parsePackageManifest(raw), leftOut };
  } catch (error) {
    if (error instanceof PackageManifestError) throw new InstallError('location', `The server at this URL describes itself in a way that cannot be installed — ${error.message.split('\n').slice(1).join('; ').replace(/\s+-\s+/g, ' ')}`);
    throw error;
  }
}

/** A reverse-DNS id for a server known only by its URL. */
export function derivedId(url: URL, serverName: string): string {
  const label = (text: string) => text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40) || 'x';
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const local = host === 'localhost' || /^[\d.]+$/.test(host) || host.includes(':');
  const parts = local ? ['local', label(`${host}${url.port ? `-${url.port}` : ''}`)] : [...host.split('.').reverse().map(label), ...(url.port ? [`port-${url.port}`] : [])];
  if (!/^[a-z]/.test(parts[0]!)) parts[0] = `n${parts[0]}`;
  parts.push(label(serverName.replace(/^@[^/]+\//, '')) || 'mcp');
  while (parts.length < 3) parts.unshift('remote');
  return parts.join('.').slice(0, 120).replace(/[.-]+$/, '');
}

async function fetchManifest(url: URL, context: SourceContext): Promise<string> {
  try {
    await checkAddress(url, url.href, context.allowPrivateNetwork);
  } catch (error) {
    if (error instanceof PackageCallError) throw new InstallError('location', error.message.replace(`Widget package ${url.href}`, 'The manifest URL'));
    throw error;
  }
  let response: Response;
  try {
    response = await fetch(url, { redirect: 'error', signal: AbortSignal.timeout(context.timeoutMs), headers: { accept: 'application/json' } });
  } catch (error) {
    throw new InstallError('location', `Could not fetch the manifest at this URL (${(error as Error).name === 'TimeoutError' ? 'no answer in time' : (error as Error).message}).`);
  }
  if (!response.ok) throw new InstallError('location', `The manifest URL answered HTTP ${response.status}.`);
  const reader = response.body?.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  while (reader) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_MANIFEST_BYTES) {
      await reader.cancel();
      throw new InstallError('location', `The manifest at this URL is larger than ${MAX_MANIFEST_BYTES / 1024} KB.`);
    }
    chunks.push(value);
  }
  return new TextDecoder().decode(Buffer.concat(chunks));
}

/** The manifest, or an InstallError on `field` listing every bad field of it. */
function manifestOrError(text: string, field: InstallField, what: string): PackageManifest {
  try {
    return parsePackageManifest(text);
  } catch (error) {
    if (!(error instanceof PackageManifestError)) throw error;
    const problems = error.message.split('\n').slice(1).map((line) => line.replace(/^\s+-\s+/, ''));
    throw new InstallError(field, problems.length ? `${what} is invalid — ${problems.join('; ')}.` : `${what} is invalid: ${error.message}`);
  }
}

function decodeBase64(data: string): Uint8Array {
  if (typeof data !== 'string' || !/^[A-Za-z0-9+/_-]*={0,2}$/.test(data.replace(/\s+/g, ''))) {
    throw new InstallError('archive', 'The archive must be sent as base64 text.');
  }
  const bytes = Buffer.from(data.replace(/\s+/g, ''), 'base64');
  if (bytes.length > MAX_ARCHIVE_BYTES) throw new InstallError('archive', `The archive is larger than ${MAX_ARCHIVE_BYTES / 1024 / 1024} MB.`);
  return new Uint8Array(bytes);
}

function clipName(name: string): string {
  const clean = name.replace(/[\u0000-\u001f\u007f]/g, '').split(/[\\/]/).pop() ?? '';
  return (clean || 'manifest.json').slice(0, 120);
}
