/**
 * A build step for the dialect bundles (the ones inlined in a host's page, where no other code
 * runs): Lit's production modules without the parts no Skylit widget uses.
 * - Decorator support: `addInitializer` and the initializers it keeps, and the standard decorators'
 *   metadata (`Symbol.metadata`, `litPropertyMetadata`). Skylit declares reactive properties with
 *   `static properties`; the build fails if a bundle still names any of these (a decorator that
 *   needs them, e.g. @lit/context's `@consume`).
 * - The hooks of Lit's polyfill-support and SSR-hydration scripts (`*PolyfillSupport`,
 *   `litElementHydrateSupport`): a host's page loads neither.
 * - The global version lists (`litHtmlVersions`, …): only Lit's development build reads them.
 * Each cut must match Lit's code exactly once, or the build fails: a new Lit version is checked
 * by hand before this step applies to it.
 */
import type { Plugin } from 'vite';

/** Per Lit module (the end of its path): the code each cut removes. */
const CUTS: Record<string, RegExp[]> = {
  '@lit/reactive-element/reactive-element.js': [
    /(?<=,)\w+=\w+\.reactiveElementPolyfillSupport,/,
    /Symbol\.metadata\?\?=Symbol\("metadata"\),\w+\.litPropertyMetadata\?\?=new WeakMap;/,
    /static addInitializer\(\w+\)\{this\._\$Ei\(\),\(this\.l\?\?=\[\]\)\.push\(\w+\)\}/,
    /void 0!==\w+\.l&&\(this\.l=\[\.\.\.\w+\.l\]\),/,
    /const (\w+)=this\[Symbol\.metadata\];if\(null!==\1\)\{const (\w+)=litPropertyMetadata\.get\(\1\);if\(void 0!==\2\)for\(const\[\w+,\w+\]of \2\)this\.elementProperties\.set\(\w+,\w+\)\}/,
    /,this\.constructor\.l\?\.forEach\(\w+=>\w+\(this\)\)/,
    /,\w+\?\.\(\{ReactiveElement:\w+\}\),\(\w+\.reactiveElementVersions\?\?=\[\]\)\.push\("[\d.]+"\)/,
  ],
  'lit-html/lit-html.js': [/,(\w+)=\w+\.litHtmlPolyfillSupport;\1\?\.\(\w+,\w+\),\(\w+\.litHtmlVersions\?\?=\[\]\)\.push\("[\d.]+"\)/],
  'lit-element/lit-element.js': [
    /,\w+\.litElementHydrateSupport\?\.\(\{LitElement:\w+\}\);const (\w+)=\w+\.litElementPolyfillSupport;\1\?\.\(\{LitElement:\w+\}\)/,
    /\(\w+\.litElementVersions\?\?=\[\]\)\.push\("[\d.]+"\);/,
  ],
};

/** What no trimmed bundle may name: it would need the decorator support cut out. */
const CUT_FEATURES = ['addInitializer', 'litPropertyMetadata', 'Symbol.metadata'];

/** The plugin. `trims` says whether an environment builds a bundle this step applies to. */
export function trimLit(trims: (environment: string) => boolean): Plugin {
  return {
    name: 'skylit-trim-lit',
    transform(code, id) {
      if (!trims(this.environment.name)) return null;
      const module = Object.keys(CUTS).find((path) => id.replaceAll('\\', '/').endsWith(`/node_modules/${path}`));
      if (!module) return null;
      for (const cut of CUTS[module]!) {
        const matches = code.match(new RegExp(cut, 'g'))?.length ?? 0;
        if (matches !== 1) this.error(`${module}: a cut of server/trim-lit.ts matches ${matches} times, not once (${cut}). Has Lit changed?`);
        code = code.replace(cut, '');
      }
      return { code, map: null };
    },
    generateBundle(_options, bundle) {
      if (!trims(this.environment.name)) return;
      for (const chunk of Object.values(bundle)) {
        const named = chunk.type === 'chunk' ? CUT_FEATURES.filter((name) => chunk.code.includes(name)) : [];
        if (named.length) this.error(`${chunk.fileName} names ${named.join(', ')}, which server/trim-lit.ts cuts out of Lit (a decorator?).`);
      }
    },
  };
}
