/**
 * The name and version of the package this server runs from: the repository's package.json in a
 * clone, skylit-server's own package.json in an install (the package mirrors the repository's layout,
 * so both sit one folder above server/). Both packages are released together, at one version.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const packageJson = JSON.parse(readFileSync(join(dirname(fileURLToPath(import.meta.url)), '..', 'package.json'), 'utf8')) as {
  name: string;
  version: string;
};

/** The version of this release of skylit and skylit-server (its widget bundles are this version's). */
export const PACKAGE_VERSION: string = packageJson.version;
