/**
 * `npm run build`: the widget's bundles (dist/widgets/com.example.dice.*.js), built with
 * skylit-server's own recipe (vite): one per host dialect, inlined in the widget's HTML resource,
 * and one with every transport (plain pages, CDN mode).
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildBundles, bundleTargets } from 'skylit-server/build';
import { diceWidget } from './widget.ts';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const DIST_DIR = join(ROOT, 'dist');

export async function build(distDir = DIST_DIR): Promise<void> {
  await buildBundles(bundleTargets([diceWidget], { preview: false }), { root: ROOT, distDir });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await build();
