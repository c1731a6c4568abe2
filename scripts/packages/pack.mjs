// `npm run pack`: builds the two packages people install and packs them with `npm pack`:
//   skylit         the components: ES modules + .d.ts (tsc), one export per component, single-file
//                  CDN bundles (dist/cdn/<component>.js), custom-elements.json and editor data
//   skylit-server  the MCP server: compiled server/ (+ the view contracts it imports from
//                  components/), the bin, the library API, and the widget bundles it inlines
// Each is assembled in <out>/<name>/ (default .tmp/packages/) in the layout it ships in, then packed
// to <out>/<name>-<version>.tgz. Both take the repository's version; their dependencies are picked
// from the repository's package.json, and every bare import of the compiled code is checked
// against them. What is packaged comes from the tree and the widget registry, not from a list:
// see scripts/packages/manifest.mjs (components) and server/widgets/index.ts (widgets).
//
//   node scripts/packages/pack.mjs [--out DIR]
import { execFileSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { register } from 'tsx/esm/api';
import { analyzeComponents, componentEntries, editorData, elementsOf, ROOT } from './manifest.mjs';

register();

/** The components package: what a page installs. Never anything of the server. */
export const COMPONENTS = {
  name: 'skylit',
  description: 'Web components (Lit) for widgets in AI chat hosts (ChatGPT Apps, MCP Apps) and on any page: a chess board, a list-detail view, a multi-step form, and <sky-widget-frame> to show any MCP server\'s widget in your own page.',
  dependencies: ['lit', '@lit/context', 'chess.js'],
  // Only `skylit/widget-frame` (the host side) imports these: an MCP client, the reference MCP Apps
  // host bridge and the SDK's eval-free schema validator. A page that shows only Skylit's widgets
  // installs none of them; the frame's CDN file (dist/cdn/sky-widget-frame.js) carries them.
  optionalPeerDependencies: ['@modelcontextprotocol/sdk', '@modelcontextprotocol/ext-apps', '@cfworker/json-schema'],
  keywords: ['web-components', 'custom-elements', 'lit', 'mcp', 'mcp-apps', 'chatgpt-apps', 'chess'],
};

/** The server package: the MCP server, its bin and library API, and the widget bundles it serves. */
export const SERVER = {
  name: 'skylit-server',
  description: 'The MCP server for Skylit widgets (ChatGPT Apps and MCP Apps): built-in widgets, your own widgets and tools, HTTP, stdio or a fetch handler.',
  dependencies: ['@modelcontextprotocol/sdk', 'better-sqlite3', 'pg', 'chess.js'],
  // Your tools' schemas are zod objects the server checks and converts: one zod for both (npm
  // installs a peer that is missing, and dedupes it with yours).
  peerDependencies: ['zod'],
  keywords: ['mcp', 'model-context-protocol', 'mcp-server', 'mcp-apps', 'chatgpt-apps', 'widgets'],
  bin: 'skylit-server',
};

const SHARED_FILES = ['LICENSE', 'CHANGELOG.md'];

/**
 * Builds and packs both packages. Resolves with each tarball's path and npm's report
 * (`size`, `unpackedSize`, `entryCount`).
 * @param {{ outDir?: string, log?: (line: string) => void }} options
 */
export async function packPackages({ outDir = join(ROOT, '.tmp', 'packages'), log = (line) => console.log(line) } = {}) {
  const root = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  checkDependencyAssignment(root);
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const started = performance.now();

  const componentsDir = join(outDir, COMPONENTS.name);
  const serverDir = join(outDir, SERVER.name);
  const entries = componentEntries();

  // Both compilations, then every bundle in one vite run (the CDN bundles and the server's).
  tsc('tsconfig.components.json', join(componentsDir, 'dist'));
  tsc('tsconfig.server.json', serverDir);
  rewriteDeclarationImports(componentsDir);
  rewriteDeclarationImports(serverDir);
  const { builtinWidgets } = await import(pathToFileURL(join(ROOT, 'server/widgets/index.ts')).href);
  const { buildBundles, bundleTargets } = await import(pathToFileURL(join(ROOT, 'server/build.ts')).href);
  const manifest = analyzeComponents({ paths: 'package' });
  // One CDN bundle per element, named by its tag: dist/cdn/sky-chess-board.js.
  const cdn = entries.filter((entry) => entry.define).map((entry) => ({
    env: `cdn_${entry.name.replace(/[^a-z0-9]/gi, '_')}`,
    entry: `components/${entry.define}`,
    outFile: `${COMPONENTS.name}/dist/cdn/${tagDefinedBy(manifest, entry)}.js`,
  }));
  const server = bundleTargets(builtinWidgets).map((target) => ({ ...target, outFile: `${SERVER.name}/dist/${target.outFile}` }));
  await buildBundles([...cdn, ...server], { distDir: outDir });
  const { managerWidgetForBuild } = await import(pathToFileURL(join(ROOT, 'server/manager/widget.ts')).href);
  checkCdnMatchesServer([...builtinWidgets, managerWidgetForBuild], componentsDir, serverDir);

  // The manifest and what editors read.
  const pkg = { name: COMPONENTS.name, version: root.version };
  checkEventsDeclared(manifest, componentsDir);
  writeFileSync(join(componentsDir, 'custom-elements.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  for (const [file, text] of Object.entries(editorData(manifest, pkg))) {
    writeFileSync(join(componentsDir, file.endsWith('.d.ts') ? `dist/${file}` : file), text);
  }

  writePackageJson(componentsDir, componentsPackageJson(root, entries));
  writePackageJson(serverDir, serverPackageJson(root));
  copyFileSync(join(ROOT, 'components/README.md'), join(componentsDir, 'README.md'));
  copyFileSync(join(ROOT, 'server/README.md'), join(serverDir, 'README.md'));
  // The curated widget packages: data and package code the server runs as it is (server/packages/curated.ts).
  cpSync(join(ROOT, 'server/packages/curated'), join(serverDir, 'server/packages/curated'), { recursive: true });
  for (const dir of [componentsDir, serverDir]) for (const file of SHARED_FILES) copyFileSync(join(ROOT, file), join(dir, file));
  checkImports(componentsDir, COMPONENTS.name, { skip: 'dist/cdn' });
  checkImports(serverDir, SERVER.name, { skip: 'dist', optional: ['vite'] });
  log(`[pack] built both packages in ${Math.round(performance.now() - started)} ms`);

  const packed = {};
  for (const [name, dir] of [[COMPONENTS.name, componentsDir], [SERVER.name, serverDir]]) {
    const [report] = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', outDir], { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }));
    packed[name] = { tarball: join(outDir, report.filename), size: report.size, unpackedSize: report.unpackedSize, entryCount: report.entryCount };
    log(`[pack] ${report.filename}: ${report.entryCount} files, ${kb(report.size)} packed, ${kb(report.unpackedSize)} unpacked`);
  }
  return packed;
}

/** package.json of the components package: one entry per component (element, class, view contract) and library. */
function componentsPackageJson(root, entries) {
  const entry = (path) => ({ types: `./dist/${path}.d.ts`, default: `./dist/${path}.js` });
  const exports = {};
  for (const { name, define, index, view } of entries) {
    const folder = dirname(index);
    if (define) {
      exports[`./${name}`] = entry(define.replace(/\.ts$/, ''));
      exports[`./${name}/class`] = entry(index.replace(/\.ts$/, ''));
      if (view) exports[`./${name}/view`] = entry(view.replace(/\.ts$/, ''));
    } else {
      exports[`./${folder}`] = entry(index.replace(/\.ts$/, ''));
    }
  }
  Object.assign(exports, {
    './react': { types: './dist/react.d.ts' },
    './cdn/*.js': './dist/cdn/*.js',
    './custom-elements.json': './custom-elements.json',
    './vscode.html-custom-data.json': './vscode.html-custom-data.json',
    './vscode.css-custom-data.json': './vscode.css-custom-data.json',
    './web-types.json': './web-types.json',
    './package.json': './package.json',
  });
  return {
    ...common(root, COMPONENTS),
    peerDependencies: pick(root.dependencies, COMPONENTS.optionalPeerDependencies),
    peerDependenciesMeta: Object.fromEntries(COMPONENTS.optionalPeerDependencies.map((name) => [name, { optional: true }])),
    exports,
    // Only the define modules register elements; the CDN bundles are scripts for a page.
    sideEffects: ['./dist/*/define.js', './dist/cdn/*.js'],
    customElements: 'custom-elements.json',
    'web-types': './web-types.json',
  };
}

/** package.json of the server package: the bin, the library, the built-in widgets and the bundle recipe. */
function serverPackageJson(root) {
  const entry = (path) => ({ types: `./${path}.d.ts`, default: `./${path}.js` });
  const vite = root.devDependencies.vite;
  return {
    ...common(root, SERVER),
    bin: { [SERVER.bin]: 'server/cli.js' },
    exports: {
      '.': entry('server/index'),
      './widgets': entry('server/widgets/index'),
      './build': entry('server/build'),
      './package.json': './package.json',
    },
    // vite and terser only for `skylit-server/build` (building your own widget bundles).
    peerDependencies: { ...pick(root.dependencies, SERVER.peerDependencies), vite, terser: root.devDependencies.terser },
    peerDependenciesMeta: { vite: { optional: true }, terser: { optional: true } },
  };
}

function pick(versions, names = []) {
  return Object.fromEntries(names.map((name) => [name, versions[name]]));
}

function common(root, spec) {
  const dependencies = pick(root.dependencies, spec.dependencies);
  return {
    name: spec.name,
    version: root.version,
    description: spec.description,
    license: root.license,
    type: 'module',
    engines: root.engines,
    keywords: spec.keywords,
    ...(root.repository ? { repository: root.repository } : {}),
    dependencies,
  };
}

/** Every runtime dependency of the repository belongs to at least one package, and no package names one that is not there. */
function checkDependencyAssignment(root) {
  const declared = Object.keys(root.dependencies ?? {});
  const assigned = new Set([...COMPONENTS.dependencies, ...COMPONENTS.optionalPeerDependencies, ...SERVER.dependencies, ...SERVER.peerDependencies]);
  const orphans = declared.filter((name) => !assigned.has(name));
  const missing = [...assigned].filter((name) => !declared.includes(name));
  if (orphans.length || missing.length) {
    throw new Error(
      [
        orphans.length ? `package.json dependencies in neither package: ${orphans.join(', ')} (add them to COMPONENTS or SERVER in scripts/packages/pack.mjs, or make them devDependencies)` : '',
        missing.length ? `named by a package but not in package.json dependencies: ${missing.join(', ')}` : '',
      ].filter(Boolean).join('\n'),
    );
  }
}

/** Each bare import of the compiled JavaScript is a dependency of its package (or a Node built-in); bundles (`skip`) aside. */
function checkImports(dir, name, { skip, optional = [] }) {
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  const allowed = new Set([...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.peerDependencies ?? {}), ...optional, name]);
  const builtins = new Set(builtinModules);
  const problems = [];
  for (const file of walk(dir).filter((f) => f.endsWith('.js') && !f.startsWith(`${join(dir, skip)}/`))) {
    const code = readFileSync(file, 'utf8');
    for (const [, specifier] of code.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s*)['"]([^'"./][^'"]*)['"]/gm)) {
      const bare = specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0];
      if (specifier.startsWith('node:') || builtins.has(bare) || allowed.has(bare)) continue;
      problems.push(`${relative(dir, file)} imports ${specifier}`);
    }
  }
  if (problems.length) throw new Error(`${name}: imports of packages it does not depend on:\n  ${problems.join('\n  ')}`);
}

/**
 * The server's CDN mode pins `<base><tag>.js` by the hash of its own all-transport bundle, so the
 * components package's CDN file of each built-in widget's element must be that very file.
 */
function checkCdnMatchesServer(widgets, componentsDir, serverDir) {
  for (const { manifest } of widgets) {
    const cdnFile = join(componentsDir, 'dist', 'cdn', `${manifest.tag}.js`);
    if (!existsSync(cdnFile)) {
      throw new Error(`Widget ${manifest.id}: ${COMPONENTS.name} has no CDN bundle dist/cdn/${manifest.tag}.js (is ${manifest.entry} a components/<folder>/define.ts that defines <${manifest.tag}>?)`);
    }
    const served = readFileSync(join(serverDir, 'dist', 'widgets', `${manifest.id}.js`));
    if (!served.equals(readFileSync(cdnFile))) throw new Error(`Widget ${manifest.id}: dist/cdn/${manifest.tag}.js differs from the server's dist/widgets/${manifest.id}.js`);
  }
}

/** The one tag a component's define.ts registers (read from the manifest). */
function tagDefinedBy(manifest, entry) {
  const module = manifest.modules.find((m) => m.path === `dist/${entry.define.replace(/\.ts$/, '.js')}`);
  const tags = (module?.exports ?? []).filter((e) => e.kind === 'custom-element-definition').map((e) => e.name);
  if (tags.length !== 1) throw new Error(`components/${entry.define} must define exactly one element with customElements.define (found ${tags.length})`);
  return tags[0];
}

/**
 * Every event an element fires is declared in HTMLElementEventMap by its define module, so
 * `addEventListener` and React's `on<event>` props are typed (react.d.ts reads the map; a missing
 * entry would make the handler's type quietly loose under skipLibCheck).
 */
function checkEventsDeclared(manifest, componentsDir) {
  for (const { tag, definedIn, declaration } of elementsOf(manifest)) {
    const declarations = readFileSync(join(componentsDir, definedIn.replace(/\.js$/, '.d.ts')), 'utf8');
    const map = /interface HTMLElementEventMap\s*\{([^}]*)\}/.exec(declarations)?.[1] ?? '';
    for (const event of declaration.events ?? []) {
      if (!new RegExp(`['"]${event.name}['"]\\s*:`).test(map)) {
        throw new Error(`<${tag}> fires ${event.name}: declare it in the define module, declare global { interface HTMLElementEventMap { '${event.name}': CustomEvent<…> } }`);
      }
    }
  }
}

function tsc(config, outDir) {
  execFileSync(join(ROOT, 'node_modules/.bin/tsc'), ['-p', join(ROOT, 'scripts/packages', config), '--outDir', outDir], { cwd: ROOT, stdio: 'inherit' });
}

/**
 * tsc keeps `.ts` in the import paths of declaration files; consumers resolve `.js` (to the `.d.ts`
 * beside it). Every relative import of a declaration file must then find one: with skipLibCheck (the
 * default of most projects) a broken one would silently turn a type into `any`.
 */
function rewriteDeclarationImports(dir) {
  const specifier = /((?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s*)['"])(\.{1,2}\/[^'"]+)(['"])/gm;
  for (const file of walk(dir).filter((f) => f.endsWith('.d.ts'))) {
    const text = readFileSync(file, 'utf8');
    const rewritten = text.replace(specifier, (_all, before, path, after) => `${before}${path.replace(/\.ts$/, '.js')}${after}`);
    if (rewritten !== text) writeFileSync(file, rewritten);
    for (const [, , path] of rewritten.matchAll(specifier)) {
      const target = resolve(dirname(file), path.replace(/\.js$/, '.d.ts'));
      if (!existsSync(target)) throw new Error(`${relative(dir, file)} imports ${path}, which has no declaration file`);
    }
  }
}

function writePackageJson(dir, json) {
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify(json, null, 2)}\n`);
}

function walk(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? (entry.name === 'node_modules' ? [] : walk(path)) : [path];
  });
}

function kb(bytes) {
  return `${(bytes / 1024).toFixed(1)} KB`;
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const at = process.argv.indexOf('--out');
  await packPackages(at > 0 ? { outDir: resolve(process.argv[at + 1]) } : {});
}
