// The example project (examples/custom-widget/): a widget and its tools written with the public API
// of both packages, installed from the tarballs. It must typecheck (strict, library types
// included) and pass its own test, which builds its bundles with skylit-server/build and talks to it
// over Streamable HTTP with the SDK client.
import assert from 'node:assert/strict';
import { cpSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { installApp, pinned, ROOT, run, tarballs } from './helpers.ts';

const EXAMPLE = join(ROOT, 'examples/custom-widget');
let dir = '';

before(async () => {
  const tar = await tarballs();
  const pkg = JSON.parse(readFileSync(join(EXAMPLE, 'package.json'), 'utf8'));
  const { skylit: _c, 'skylit-server': _s, ...dependencies } = { ...pkg.dependencies, ...pkg.devDependencies };
  dir = await installApp('example', pinned(dependencies), { skylit: tar.components, 'skylit-server': tar.server }, { scripts: pkg.scripts });
  for (const part of ['src', 'test', 'tsconfig.json']) {
    rmSync(join(dir, part), { recursive: true, force: true });
    cpSync(join(EXAMPLE, part), join(dir, part), { recursive: true });
  }
}, { timeout: 600_000 });

describe('the example project, on the installed packages', () => {
  it('typechecks with strict TypeScript against the packages\' types', async () => {
    assert.equal((await run('npm', ['run', '--silent', 'typecheck'], { cwd: dir })).trim(), '');
  });

  it('passes its own test', async () => {
    const out = await run('npm', ['test', '--silent'], { cwd: dir });
    assert.match(out, /^# pass 5$/m, out);
    assert.match(out, /^# fail 0$/m, out);
  });
});
