/**
 * The curated list (seed 003's "store"): widget packages shipped with the server in
 * `server/packages/curated/` and listed in its `index.json` — a folder holding `manifest.json` and the
 * package's files (run from there, never copied), or a remote package's manifest inline. Installed
 * with `widget_install` and source `store`, by id. Every entry is validated when the list is read; a
 * bad one is a bug in this repository and stops the manager with the field named.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parsePackageManifest, type PackageManifest } from './manifest.ts';

export const CURATED_DIR = fileURLToPath(new URL('./curated/', import.meta.url));

export interface CuratedPackage {
  manifest: PackageManifest;
  /** The package's folder (process packages). */
  folder?: string;
}

/** The curated packages in `dir` (default: the list shipped with the server). */
export function loadCuratedList(dir = CURATED_DIR): CuratedPackage[] {
  const indexFile = join(dir, 'index.json');
  if (!existsSync(indexFile)) return [];
  const index = JSON.parse(readFileSync(indexFile, 'utf8')) as { packages?: { folder?: string; manifest?: unknown }[] };
  return (index.packages ?? []).map((entry, position) => {
    const where = `curated package ${position} of ${indexFile}`;
    if (entry.folder) {
      if (!/^[a-z0-9][a-z0-9-]*$/.test(entry.folder)) throw new Error(`${where}: folder must be a plain folder name`);
      const folder = join(dir, entry.folder);
      const manifest = parsePackageManifest(readFileSync(join(folder, 'manifest.json'), 'utf8'), { root: `${where} manifest` });
      if (manifest.executionModel === 'process' && !existsSync(join(folder, manifest.main))) throw new Error(`${where}: main ${manifest.main} is missing`);
      return { manifest, folder };
    }
    const manifest = parsePackageManifest(entry.manifest, { root: `${where} manifest` });
    if (manifest.executionModel !== 'remote') throw new Error(`${where}: an inline manifest must describe a remote package (a process package needs its folder)`);
    return { manifest };
  });
}
