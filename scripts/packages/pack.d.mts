// Types of pack.mjs, for the TypeScript that imports it (test/packages).
export interface PackedPackage {
  /** Path of the .tgz. */
  tarball: string;
  /** Bytes of the tarball. */
  size: number;
  /** Bytes of its files. */
  unpackedSize: number;
  entryCount: number;
}

export interface PackageSpec {
  name: string;
  description: string;
  dependencies: string[];
  peerDependencies?: string[];
  keywords: string[];
  bin?: string;
}

export const COMPONENTS: PackageSpec;
export const SERVER: PackageSpec;

/** Builds and packs skylit and skylit-server into `outDir` (default .tmp/packages). */
export function packPackages(options?: { outDir?: string; log?: (line: string) => void }): Promise<Record<'skylit' | 'skylit-server', PackedPackage>>;
