// The Custom Elements Manifest of the components package, read from the JSDoc in components/
// (@custom-elements-manifest/analyzer with its Lit plugin), and what editors and frameworks read,
// made from it: VS Code custom data (HTML and CSS), JetBrains web-types and React 19 JSX types.
// Storybook's autodocs read the same manifest (customElementsManifestPlugin, .storybook/main.ts).
//
// Which folders are packaged is read from the tree, not listed: a folder of components/ with a
// define.ts is a component (an element entry, a class entry and a CDN bundle); one with only an
// index.ts is a library entry (host, base).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, posix, relative, resolve } from 'node:path';
import { create, ts } from '@custom-elements-manifest/analyzer/index.js';
import { litPlugin } from '@custom-elements-manifest/analyzer/src/features/framework-plugins/lit/lit.js';

export const ROOT = resolve(import.meta.dirname, '../..');
export const COMPONENTS_DIR = join(ROOT, 'components');

/**
 * @typedef {{ name: string, define: string | null, index: string, view: string | null }} Entry
 * `name` is the folder; paths are relative to components/ (`chess-board/define.ts`).
 */

/** @returns {Entry[]} every packaged folder of components/, components first, then libraries, by name */
export function componentEntries(dir = COMPONENTS_DIR) {
  const entries = [];
  for (const name of readdirSync(dir).sort()) {
    const folder = join(dir, name);
    if (!statSync(folder).isDirectory() || !existsSync(join(folder, 'index.ts'))) continue;
    const has = (file) => (existsSync(join(folder, file)) ? `${name}/${file}` : null);
    entries.push({ name, define: has('define.ts'), index: `${name}/index.ts`, view: has('view.ts') });
  }
  return entries.sort((a, b) => Number(!a.define) - Number(!b.define));
}

/** Every TypeScript source of components/ (not declarations), relative to the root, sorted. */
function sources(dir = COMPONENTS_DIR) {
  const out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...sources(path));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) out.push(relative(ROOT, path).split('\\').join('/'));
  }
  return out.sort();
}

/**
 * The manifest of every element in components/, public API only: attributes, properties, methods,
 * events, slots, CSS parts and custom properties (inherited ones included).
 * @param {{ paths?: 'source' | 'package' }} options `package`: module paths point at the compiled
 *   files of the package (`dist/chess-board/chess-board.js`); `source` (default): at components/.
 */
export function analyzeComponents({ paths = 'source' } = {}) {
  const modules = sources().map((file) => ts.createSourceFile(file, readFileSync(join(ROOT, file), 'utf8'), ts.ScriptTarget.ES2022, true));
  const manifest = create({ modules, plugins: [...litPlugin(), publicApiOnly()] });
  if (paths === 'package') rewritePaths(manifest);
  return manifest;
}

/** The custom elements of a manifest: `{ tag, name, module, definedIn, declaration }` (`definedIn`: the module that defines the tag). */
export function elementsOf(manifest) {
  const definitions = new Map(
    manifest.modules.flatMap((module) =>
      (module.exports ?? []).filter((e) => e.kind === 'custom-element-definition').map((e) => [e.name, module.path]),
    ),
  );
  return manifest.modules.flatMap((module) =>
    (module.declarations ?? [])
      .filter((d) => d.customElement && d.tagName)
      .map((declaration) => ({ tag: declaration.tagName, name: declaration.name, module: module.path, definedIn: definitions.get(declaration.tagName), declaration })),
  );
}

/**
 * A post-processing plugin: keeps the public API. Drops private (#) and protected members, static
 * ones (`styles`, `properties`), and the Lit reactive state the Lit plugin lists as attributes
 * (`{ state: true }` properties are protected here); gives a property the description of its
 * attribute when it has none of its own.
 */
function publicApiOnly() {
  const isPublic = (member) => !member.static && !member.name.startsWith('#') && !['private', 'protected'].includes(member.privacy);
  return {
    name: 'skylit-public-api-only',
    packageLinkPhase({ customElementsManifest }) {
      for (const module of customElementsManifest.modules) {
        for (const declaration of module.declarations ?? []) {
          if (declaration.kind !== 'class') continue;
          const members = (declaration.members ?? []).filter(isPublic);
          const fields = new Map(members.filter((m) => m.kind === 'field').map((m) => [m.name, m]));
          if (declaration.attributes) {
            declaration.attributes = declaration.attributes.filter((a) => !a.fieldName || fields.has(a.fieldName));
            for (const attribute of declaration.attributes) {
              const field = attribute.fieldName && fields.get(attribute.fieldName);
              if (field && !field.description && attribute.description) field.description = attribute.description;
            }
          }
          declaration.members = members;
        }
      }
    },
  };
}

/** Module paths of the sources → the package's compiled files (`components/x/y.ts` → `dist/x/y.js`). */
function rewritePaths(manifest) {
  const toPackage = (path, from) => {
    let source = path.replace(/^\//, '');
    if (source.startsWith('.')) source = posix.join(posix.dirname(from), source);
    return source.replace(/^components\//, 'dist/').replace(/\.ts$/, '.js');
  };
  const walk = (value, from) => {
    if (Array.isArray(value)) value.forEach((item) => walk(item, from));
    else if (value && typeof value === 'object') {
      for (const [key, inner] of Object.entries(value)) {
        if (key === 'module' && typeof inner === 'string') value.module = toPackage(inner, from);
        else walk(inner, from);
      }
    }
  };
  for (const module of manifest.modules) {
    walk(module.declarations, module.path);
    walk(module.exports, module.path);
    module.path = toPackage(module.path, module.path);
  }
}

/**
 * What editors read, made from the manifest (file name → text):
 * - `vscode.html-custom-data.json`, `vscode.css-custom-data.json`: VS Code's `html.customData` /
 *   `css.customData` (tags, attributes and their values; custom properties and `::part()`s);
 * - `web-types.json`: JetBrains IDEs (elements, attributes, properties, events, parts, CSS properties);
 * - `react.d.ts`: React 19's `JSX.IntrinsicElements` for every element, with typed properties,
 *   attributes and `on<event>` props (`import type {} from 'skylit/react'`).
 * @param {object} manifest the manifest with package paths
 * @param {{ name: string, version: string }} pkg
 */
export function editorData(manifest, pkg) {
  const elements = elementsOf(manifest);
  const markdown = (value) => ({ kind: 'markdown', value });
  const describe = (d) => [d.description, d.summary].filter(Boolean).join('\n\n');

  const html = {
    version: 1.1,
    tags: elements.map(({ tag, declaration: d }) => ({
      name: tag,
      description: markdown(describe(d)),
      attributes: (d.attributes ?? []).map((a) => {
        const values = literalValues(a.type?.text);
        return { name: a.name, description: markdown(a.description ?? ''), ...(values.length ? { values: values.map((name) => ({ name })) } : {}) };
      }),
    })),
  };
  const css = {
    version: 1.1,
    properties: unique(elements.flatMap(({ declaration: d }) => (d.cssProperties ?? []).map((p) => ({ name: p.name, description: p.description ?? '' })))),
    pseudoElements: unique(
      elements.flatMap(({ tag, declaration: d }) => (d.cssParts ?? []).map((p) => ({ name: `::part(${p.name})`, description: `${tag}: ${p.description ?? ''}` }))),
    ),
  };
  const webTypes = {
    $schema: 'https://json.schemastore.org/web-types',
    name: pkg.name,
    version: pkg.version,
    'description-markup': 'markdown',
    contributions: {
      html: {
        elements: elements.map(({ tag, declaration: d, module }) => ({
          name: tag,
          description: describe(d),
          source: { module: `${pkg.name}/${module}`, symbol: d.name },
          attributes: (d.attributes ?? []).map((a) => ({ name: a.name, description: a.description ?? '', value: { type: a.type?.text ?? 'string' } })),
          events: (d.events ?? []).map((e) => ({ name: e.name, description: e.description ?? '' })),
          js: {
            properties: writableProperties(d).map((p) => ({ name: p.name, description: p.description ?? '', type: p.type?.text })),
            events: (d.events ?? []).map((e) => ({ name: e.name, description: e.description ?? '' })),
          },
          css: {
            parts: (d.cssParts ?? []).map((p) => ({ name: p.name, description: p.description ?? '' })),
            properties: (d.cssProperties ?? []).map((p) => ({ name: p.name, description: p.description ?? '' })),
          },
        })),
      },
    },
  };
  return {
    'vscode.html-custom-data.json': `${JSON.stringify(html, null, 2)}\n`,
    'vscode.css-custom-data.json': `${JSON.stringify(css, null, 2)}\n`,
    'web-types.json': `${JSON.stringify(webTypes, null, 2)}\n`,
    'react.d.ts': reactTypes(elements, pkg),
  };
}

/**
 * React 19 JSX types. React 19 sets a prop as a property when the element has it (`fen`, `host`),
 * as an attribute otherwise (`new-game-tool`), and `on<event>` props listen to that event by its
 * exact name (`onsky-move`). Event types come from HTMLElementEventMap, which each element's
 * define module declares (so a missing declaration fails the consumer tests' tsc, not a user).
 */
function reactTypes(elements, pkg) {
  const lines = [
    `// React 19 JSX types for ${pkg.name} ${pkg.version}, generated from custom-elements.json. Use them with`,
    `//   import type {} from '${pkg.name}/react';`,
    `// once in your app (or "types": ["${pkg.name}/react"] in tsconfig.json).`,
    `import type { DetailedHTMLProps, HTMLAttributes } from 'react';`,
  ];
  const body = [];
  for (const { tag, name, declaration: d, definedIn } of elements) {
    // The define module: it exports the class and declares the tag and its events globally.
    if (!definedIn?.startsWith('dist/')) throw new Error(`No define module found for <${tag}> (a module with customElements.define('${tag}', …))`);
    lines.push(`import type { ${name} } from './${definedIn.slice('dist/'.length)}';`);
    const props = [];
    const seen = new Set();
    for (const field of writableProperties(d)) {
      seen.add(field.name);
      props.push(...doc(field.description), `  ${field.name}?: ${name}['${field.name}'];`);
    }
    for (const attribute of d.attributes ?? []) {
      if (seen.has(attribute.name)) continue;
      seen.add(attribute.name);
      props.push(...doc(attribute.description), `  '${attribute.name}'?: string;`);
    }
    for (const event of d.events ?? []) {
      const prop = `on${event.name}`;
      seen.add(prop);
      props.push(...doc(event.description), `  '${prop}'?: (event: HTMLElementEventMap['${event.name}']) => void;`);
    }
    const keys = [...seen].map((key) => `'${key}'`).join(' | ');
    body.push(
      ``,
      ...doc(`Props of \`<${tag}>\` in React 19 JSX.`, ''),
      `export interface ${name}Props extends Omit<DetailedHTMLProps<HTMLAttributes<${name}>, ${name}>, ${keys || 'never'}> {`,
      ...props,
      `}`,
    );
  }
  body.push(
    ``,
    `declare module 'react' {`,
    `  namespace JSX {`,
    `    interface IntrinsicElements {`,
    ...elements.map(({ tag, name }) => `      '${tag}': ${name}Props;`),
    `    }`,
    `  }`,
    `}`,
    ``,
  );
  return [...lines, ...body].join('\n');
}

/** Public fields a page may set: not read-only, not methods. */
function writableProperties(declaration) {
  return (declaration.members ?? []).filter((m) => m.kind === 'field' && !m.readonly);
}

/** `'a' | 'b' | undefined` → `['a', 'b']`; anything else → `[]`. */
function literalValues(type) {
  if (!type) return [];
  const parts = type.split('|').map((part) => part.trim()).filter((part) => part !== 'undefined' && part !== 'null');
  return parts.length && parts.every((part) => /^'[^']*'$/.test(part)) ? parts.map((part) => part.slice(1, -1)) : [];
}

function doc(text, indent = '  ') {
  return text ? [`${indent}/** ${text.replace(/\*\//g, '*\\/').replace(/\s*\n\s*/g, ' ')} */`] : [];
}

function unique(items) {
  const seen = new Set();
  return items.filter((item) => !seen.has(item.name) && seen.add(item.name));
}

/**
 * A Vite plugin serving the manifest (source paths) as `virtual:custom-elements-manifest`, for
 * Storybook's autodocs (`setCustomElementsManifest` in .storybook/preview.ts). Analysed again when
 * a component file changes (dev server).
 */
export function customElementsManifestPlugin() {
  const id = 'virtual:custom-elements-manifest';
  const resolved = `\0${id}`;
  return {
    name: 'skylit-custom-elements-manifest',
    resolveId: (source) => (source === id ? resolved : undefined),
    load: (source) => (source === resolved ? `export default ${JSON.stringify(analyzeComponents())};` : undefined),
    handleHotUpdate({ file, server }) {
      if (!file.startsWith(COMPONENTS_DIR)) return;
      const module = server.moduleGraph.getModuleById(resolved);
      if (module) server.moduleGraph.invalidateModule(module);
    },
  };
}
