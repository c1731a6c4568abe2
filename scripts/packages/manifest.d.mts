// Types of manifest.mjs, for the TypeScript that imports it (.storybook/main.ts).
import type { Plugin } from 'vite';

/** Serves the Custom Elements Manifest of components/ as `virtual:custom-elements-manifest`. */
export function customElementsManifestPlugin(): Plugin;
