/**
 * Package archives: a gzipped tar (`.tgz`, what `npm pack` and `tar czf` make) holding
 * `manifest.json` at its root (or under one top folder, like npm's `package/`) and the files `main`
 * names. Read with Node's zlib and a small tar reader written for this: no archive dependency.
 *
 * Safe by construction: the archive and what it unpacks to are capped (limits.ts); only files and
 * folders are accepted (a link, device or FIFO refuses the whole archive); a path that is absolute,
 * climbs out with `..`, holds a backslash, a NUL or a drive letter refuses it too; every header's
 * checksum is checked. Files are written with mode 0644 (nothing executable), each with `wx` (no
 * overwrite), into a fresh folder renamed into place once complete, and every target is checked to
 * stay inside that folder.
 */
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { MAX_ARCHIVE_BYTES, MAX_ARCHIVE_ENTRIES, MAX_ARCHIVE_PATH, MAX_MANIFEST_BYTES, MAX_UNPACKED_BYTES } from './limits.ts';

export const MANIFEST_FILE = 'manifest.json';
const BLOCK = 512;

/** Thrown for an archive that cannot be installed; the message says what is wrong. */
export class ArchiveError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ArchiveError';
  }
}

export interface PackageArchive {
  /** Path (with `/`, relative, no top folder) → bytes. */
  files: Map<string, Uint8Array>;
  /** The text of manifest.json. */
  manifestText: string;
  /** Bytes of every file together. */
  size: number;
}

/** Reads a .tgz package archive; throws an ArchiveError naming the problem. */
export function readPackageArchive(bytes: Uint8Array): PackageArchive {
  if (bytes.length > MAX_ARCHIVE_BYTES) throw new ArchiveError(`The archive is ${mb(bytes.length)}; packages may be at most ${mb(MAX_ARCHIVE_BYTES)}.`);
  if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) throw new ArchiveError('The file is not a gzipped tar archive (.tgz): it does not start like one.');
  let tar: Buffer;
  try {
    // A tar carries headers and padding besides the files: allow for them in the cap.
    tar = gunzipSync(bytes, { maxOutputLength: MAX_UNPACKED_BYTES + (MAX_ARCHIVE_ENTRIES * 2 + 2) * BLOCK });
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE' || error instanceof RangeError) {
      throw new ArchiveError(`The archive unpacks to more than ${mb(MAX_UNPACKED_BYTES)}; packages may hold at most that.`);
    }
    throw new ArchiveError(`The archive could not be decompressed: ${(error as Error).message}.`);
  }
  const entries = readTar(tar);
  const files = new Map<string, Uint8Array>();
  let size = 0;
  const top = commonTopFolder(entries.map((entry) => entry.path));
  for (const entry of entries) {
    const path = top ? entry.path.slice(top.length + 1) : entry.path;
    if (entry.type === 'dir' || !path) continue;
    if (files.has(path)) throw new ArchiveError(`The archive holds ${path} twice.`);
    files.set(path, entry.data);
    size += entry.data.length;
  }
  const manifest = files.get(MANIFEST_FILE);
  if (!manifest) throw new ArchiveError(`The archive has no ${MANIFEST_FILE} at its root (or under one top folder such as package/).`);
  if (manifest.length > MAX_MANIFEST_BYTES) throw new ArchiveError(`${MANIFEST_FILE} is ${kb(manifest.length)}; at most ${kb(MAX_MANIFEST_BYTES)}.`);
  return { files, manifestText: new TextDecoder().decode(manifest), size };
}

/**
 * Writes the files into `dir` (created; must not exist yet) through a temporary sibling folder
 * renamed into place at the end, so a folder that exists is always complete.
 */
export function unpackFiles(files: ReadonlyMap<string, Uint8Array>, dir: string): void {
  const target = resolve(dir);
  if (existsSync(target)) throw new ArchiveError(`${target} already exists.`);
  mkdirSync(dirname(target), { recursive: true });
  const temp = `${target}.partial-${process.pid}-${Date.now()}`;
  mkdirSync(temp, { mode: 0o755 });
  try {
    for (const [path, data] of files) {
      const file = resolve(temp, path);
      // checkPath already refused .. and absolute paths; this is the last line of defence.
      if (!file.startsWith(temp + sep)) throw new ArchiveError(`${path} would be written outside the package folder.`);
      mkdirSync(dirname(file), { recursive: true, mode: 0o755 });
      writeFileSync(file, data, { flag: 'wx', mode: 0o644 });
    }
    renameSync(temp, target);
  } catch (error) {
    rmSync(temp, { recursive: true, force: true });
    throw error;
  }
}

interface TarEntry {
  path: string;
  type: 'file' | 'dir';
  data: Uint8Array;
}

function readTar(tar: Buffer): TarEntry[] {
  const entries: TarEntry[] = [];
  let offset = 0;
  let longName: string | null = null;
  let paxPath: string | null = null;
  let total = 0;
  while (offset + BLOCK <= tar.length) {
    const header = tar.subarray(offset, offset + BLOCK);
    if (header.every((byte) => byte === 0)) break;
    if (!checksumOk(header)) throw new ArchiveError('The archive is damaged: a tar header fails its checksum.');
    const size = octal(header.subarray(124, 136));
    if (size === null) throw new ArchiveError('The archive is damaged: a tar header has no readable size.');
    const typeflag = String.fromCharCode(header[156] || 0x30);
    const start = offset + BLOCK;
    const end = start + size;
    if (end > tar.length) throw new ArchiveError('The archive is cut short: an entry runs past its end.');
    const data = tar.subarray(start, end);
    offset = start + Math.ceil(size / BLOCK) * BLOCK;
    if (typeflag === 'L') {
      longName = cString(data);
      continue;
    }
    if (typeflag === 'x') {
      paxPath = paxField(data, 'path');
      continue;
    }
    if (typeflag === 'g') continue;
    const rawName = paxPath ?? longName ?? joinUstarName(header);
    longName = paxPath = null;
    const isDir = typeflag === '5';
    if (!isDir && typeflag !== '0' && typeflag !== '7') {
      throw new ArchiveError(`The archive holds ${describeType(typeflag)} (${clipPath(rawName)}); packages may hold only files and folders.`);
    }
    const path = checkPath(rawName, isDir);
    if (++total > MAX_ARCHIVE_ENTRIES) throw new ArchiveError(`The archive holds more than ${MAX_ARCHIVE_ENTRIES} entries.`);
    entries.push({ path, type: isDir ? 'dir' : 'file', data: isDir ? new Uint8Array() : new Uint8Array(data) });
  }
  return entries;
}

/** A safe relative path with `/`, or an ArchiveError saying why not. */
function checkPath(raw: string, isDir: boolean): string {
  let path = raw.replace(/^(\.\/)+/, '');
  if (isDir) path = path.replace(/\/+$/, '');
  const refuse = (why: string) => {
    throw new ArchiveError(`The archive holds a path that ${why}: ${clipPath(raw)}`);
  };
  if (path.length > MAX_ARCHIVE_PATH) refuse(`is longer than ${MAX_ARCHIVE_PATH} characters`);
  if (path.startsWith('/')) refuse('is absolute');
  if (/^[A-Za-z]:/.test(path)) refuse('names a drive');
  if (path.includes('\\')) refuse('holds a backslash');
  if (path.includes('\0')) refuse('holds a NUL character');
  if (/[\u0000-\u001f\u007f]/.test(path)) refuse('holds a control character');
  const parts = path.split('/');
  if (parts.includes('..')) refuse('climbs out of the package with ..');
  if (parts.some((part, index) => part === '' && index < parts.length - 1) || parts.includes('.')) refuse('has an empty or . part');
  return path;
}

/** The one folder every path starts with, unless manifest.json sits at the root. */
function commonTopFolder(paths: string[]): string | null {
  if (paths.includes(MANIFEST_FILE)) return null;
  const tops = new Set(paths.map((path) => path.split('/')[0]!));
  if (tops.size !== 1) return null;
  const [top] = tops;
  return paths.every((path) => path === top || path.startsWith(`${top}/`)) ? top! : null;
}

function checksumOk(header: Buffer): boolean {
  const stored = octal(header.subarray(148, 156));
  if (stored === null) return false;
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : header[i]!;
  return sum === stored;
}

function octal(field: Uint8Array): number | null {
  const text = cString(field).trim();
  if (!/^[0-7]+$/.test(text)) return text === '' ? 0 : null;
  return parseInt(text, 8);
}

function cString(bytes: Uint8Array): string {
  const end = bytes.indexOf(0);
  return new TextDecoder().decode(end === -1 ? bytes : bytes.subarray(0, end));
}

function joinUstarName(header: Buffer): string {
  const name = cString(header.subarray(0, 100));
  const magic = cString(header.subarray(257, 263));
  const prefix = magic.startsWith('ustar') ? cString(header.subarray(345, 500)) : '';
  return prefix ? `${prefix}/${name}` : name;
}

/** A field of a pax extended header (`<len> key=value\n` records). */
function paxField(data: Uint8Array, key: string): string | null {
  const text = new TextDecoder().decode(data);
  let at = 0;
  while (at < text.length) {
    const space = text.indexOf(' ', at);
    const length = Number(text.slice(at, space));
    if (space === -1 || !Number.isSafeInteger(length) || length <= 0) break;
    const record = text.slice(space + 1, at + length - 1);
    const eq = record.indexOf('=');
    if (record.slice(0, eq) === key) return record.slice(eq + 1);
    at += length;
  }
  return null;
}

function describeType(flag: string): string {
  switch (flag) {
    case '1':
      return 'a hard link';
    case '2':
      return 'a symbolic link';
    case '3':
    case '4':
      return 'a device file';
    case '6':
      return 'a FIFO';
    default:
      return `an entry of tar type "${flag.replace(/[^\x20-\x7e]/g, '?')}"`;
  }
}

function clipPath(path: string): string {
  const shown = path.replace(/[\u0000-\u001f\u007f]/g, '?');
  return shown.length > 120 ? `${shown.slice(0, 119)}…` : shown;
}

function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function kb(bytes: number): string {
  return `${Math.ceil(bytes / 1024)} KB`;
}

/** One entry for `writeTarGz`; `type` other than file/dir and odd names are for tests of hostile archives. */
export interface TarInput {
  name: string;
  data?: string | Uint8Array;
  /** '0' file (default), '5' folder, '2' symbolic link, … */
  type?: string;
  linkname?: string;
}

/**
 * A .tgz of the entries (ustar; names over 100 bytes go in a pax header). For tests, benchmarks and
 * packaging your own widget: `writeTarGz([{ name: 'manifest.json', data: json }, { name: 'main.mjs', data: code }])`.
 */
export function writeTarGz(entries: readonly TarInput[]): Buffer {
  const blocks: Buffer[] = [];
  for (const entry of entries) {
    const data = typeof entry.data === 'string' ? Buffer.from(entry.data) : Buffer.from(entry.data ?? new Uint8Array());
    if (Buffer.byteLength(entry.name) > 100) {
      const record = paxRecord('path', entry.name);
      blocks.push(tarHeader('././@PaxHeader', record.length, 'x'), pad(record));
    }
    blocks.push(tarHeader(entry.name.slice(0, 100), data.length, entry.type ?? '0', entry.linkname), pad(data));
  }
  blocks.push(Buffer.alloc(BLOCK * 2));
  return gzipSync(Buffer.concat(blocks));
}

function tarHeader(name: string, size: number, type: string, linkname = ''): Buffer {
  const header = Buffer.alloc(BLOCK);
  header.write(name, 0, 100, 'utf8');
  header.write(type === '5' ? '0000755\0' : '0000644\0', 100, 'ascii');
  header.write('0000000\0', 108, 'ascii');
  header.write('0000000\0', 116, 'ascii');
  header.write(`${size.toString(8).padStart(11, '0')}\0`, 124, 'ascii');
  header.write(`${Math.floor(Date.UTC(2026, 0, 1) / 1000).toString(8).padStart(11, '0')}\0`, 136, 'ascii');
  header.write('        ', 148, 'ascii');
  header.write(type, 156, 'ascii');
  header.write(linkname, 157, 100, 'utf8');
  header.write('ustar\0', 257, 'ascii');
  header.write('00', 263, 'ascii');
  let sum = 0;
  for (const byte of header) sum += byte;
  header.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'ascii');
  return header;
}

function paxRecord(key: string, value: string): Buffer {
  const body = ` ${key}=${value}\n`;
  let length = Buffer.byteLength(body) + 1;
  while (String(length).length + Buffer.byteLength(body) !== length) length = String(length).length + Buffer.byteLength(body);
  return Buffer.from(`${length}${body}`);
}

function pad(data: Buffer): Buffer {
  const rest = data.length % BLOCK;
  return rest ? Buffer.concat([data, Buffer.alloc(BLOCK - rest)]) : data;
}

/** Where an unpacked archive's file is, for the process manager. */
export function fileIn(dir: string, path: string): string {
  return join(dir, ...path.replace(/^\.\//, '').split('/'));
}
