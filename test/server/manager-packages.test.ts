/**
 * Widget packages without a server: the manifest (every bad field named at once), namespacing, and
 * package archives (what unpacks, what is refused: links, paths that climb out, oversized archives,
 * damaged headers).
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { gunzipSync, gzipSync } from 'node:zlib';
import { ArchiveError, readPackageArchive, unpackFiles, writeTarGz } from '../../server/packages/archive.ts';
import { MAX_ARCHIVE_BYTES } from '../../server/packages/limits.ts';
import { PackageManifestError, parsePackageManifest } from '../../server/packages/manifest.ts';
import { chooseNamespace, namespacedTool, packageResourceOf, publishedResourceUri } from '../../server/packages/namespace.ts';
import { tempDir } from './helpers.ts';

const good = {
  id: 'com.example.weather',
  name: 'Weather',
  version: '1.2.0',
  description: 'Forecasts.',
  main: './main.mjs',
  executionModel: 'process',
  contributes: { tools: [{ name: 'get_forecast', description: 'The forecast.' }] },
};

function refusal(input: unknown, options?: { allowInline?: boolean }): PackageManifestError {
  try {
    parsePackageManifest(input, options);
  } catch (error) {
    assert.ok(error instanceof PackageManifestError, `not a PackageManifestError: ${String(error)}`);
    return error;
  }
  assert.fail('the manifest was accepted');
}

describe('package manifest', () => {
  it('accepts seed 004’s fields and fills the defaults', () => {
    const manifest = parsePackageManifest({ $schema: 'https://x/schema.json', ...good, port: 3030, activationEvents: ['onToolCall'], ui: './ui.html' });
    assert.equal(manifest.id, 'com.example.weather');
    assert.equal(manifest.port, 3030);
    assert.deepEqual(manifest.activationEvents, ['onToolCall']);
    const { executionModel: _e, ...noModel } = good;
    const defaults = parsePackageManifest(noModel);
    assert.equal(defaults.executionModel, 'process');
    assert.deepEqual(defaults.activationEvents, ['onStartup']);
    assert.equal(parsePackageManifest(JSON.stringify(good)).name, 'Weather', 'JSON text is read too');
  });

  it('names every bad field at once: bad id, bad semver, missing tools', () => {
    const error = refusal({ ...good, id: 'Weather', version: '1.0', contributes: {} });
    assert.deepEqual(error.fields.sort(), ['contributes.tools', 'id', 'version']);
    assert.match(error.message, /^Widget package manifest Weather is invalid:/);
    assert.match(error.message, /- id: must be a reverse-DNS id with at least three lower-case parts/);
    assert.match(error.message, /- version: must be a semantic version such as 1\.0\.0/);
    assert.match(error.message, /- contributes\.tools: is required \(array\)/);
  });

  it('refuses an empty tool list, bad and duplicate tool names, unknown fields and seed 004’s webworker', () => {
    assert.match(refusal({ ...good, contributes: { tools: [] } }).message, /contributes\.tools: must list at least one tool/);
    const names = refusal({ ...good, contributes: { tools: [{ name: 'get forecast' }, { name: 'a' }, { name: 'a' }] } });
    assert.deepEqual(names.fields.sort(), ['contributes.tools.0.name', 'contributes.tools.2.name']);
    assert.match(names.message, /"a" is listed twice/);
    assert.match(refusal({ ...good, colour: 'red' }).message, /- colour: is not a known field/);
    assert.match(refusal({ ...good, executionModel: 'webworker' }).message, /executionModel: must be "process", "remote" or "inline" \(a webworker does not run on a server\)/);
    assert.match(refusal({ ...good, activationEvents: ['onClick'] }).message, /activationEvents\.0: must be "onStartup" or "onToolCall"/);
  });

  it('checks main and port against the kind of package', () => {
    assert.match(refusal({ ...good, main: '../outside.js' }).message, /- main: must be the path of a \.js or \.mjs file inside the package/);
    assert.match(refusal({ ...good, main: '/usr/bin/node.js' }).message, /- main: must be the path/);
    const remote = { ...good, executionModel: 'remote', main: 'http://weather.example.com/mcp' };
    assert.match(refusal(remote).message, /- main: must be an https:\/\/ URL \(http:\/\/ only for localhost/);
    assert.match(refusal({ ...remote, main: 'https://user:pw@weather.example.com/mcp' }).message, /must not carry a user name or password/);
    assert.match(refusal({ ...remote, main: 'https://weather.example.com/mcp', port: 4000 }).message, /- port: is only for process packages \(this one is remote\)/);
    assert.equal(parsePackageManifest({ ...remote, main: 'http://127.0.0.1:4000/mcp' }).main, 'http://127.0.0.1:4000/mcp');
    assert.match(refusal({ ...good, executionModel: 'inline', main: 'x.ts' }).message, /executionModel: inline is for widgets compiled into this server/);
    assert.equal(parsePackageManifest({ ...good, executionModel: 'inline', main: 'x.ts' }, { allowInline: true }).executionModel, 'inline');
  });

  it('refuses what is not a JSON object, saying so', () => {
    assert.match(refusal('{ nope').message, /is not JSON/);
    assert.match(refusal([1]).message, /must be a JSON object \(got an array\)/);
    assert.match(refusal(null).message, /must be a JSON object \(got null\)/);
  });
});

describe('namespaces', () => {
  it('uses the last part of the id, then more parts when it is taken', () => {
    assert.equal(chooseNamespace('com.example.weather-now', ['get_forecast'], new Set()), 'weather_now');
    assert.equal(chooseNamespace('org.acme.weather-now', ['get_forecast'], new Set(['weather_now'])), 'acme_weather_now');
    assert.equal(namespacedTool('weather_now', 'get_forecast'), 'weather_now__get_forecast');
  });

  it('always fits the 64-character limit of tool names', () => {
    const long = 'a'.repeat(48);
    const ns = chooseNamespace(`com.example.${'b'.repeat(50)}`, [long], new Set());
    assert.ok(namespacedTool(ns, long).length <= 64, namespacedTool(ns, long));
    const again = chooseNamespace(`com.example.${'b'.repeat(50)}`, [long], new Set([ns]));
    assert.notEqual(again, ns);
  });

  it('maps resource URIs both ways', () => {
    const uri = publishedResourceUri('com.example.weather', 'ui://weather/view.html');
    assert.equal(uri, 'ui://package/com.example.weather/weather/view.html');
    assert.deepEqual(packageResourceOf(uri), { packageId: 'com.example.weather', uri: 'ui://weather/view.html' });
    assert.equal(packageResourceOf('ui://widget/chess-board.abc.html'), null);
    assert.equal(packageResourceOf('ui://package/x'), null);
  });
});

describe('package archives', () => {
  const manifest = JSON.stringify(good);

  it('reads an archive, with or without npm’s package/ folder, and unpacks it as plain files', () => {
    for (const prefix of ['', 'package/']) {
      const archive = readPackageArchive(
        writeTarGz([
          { name: prefix || './', type: '5' },
          { name: `${prefix}manifest.json`, data: manifest },
          { name: `${prefix}main.mjs`, data: 'export {};' },
          { name: `${prefix}lib/${'deep/'.repeat(25)}x.js`, data: 'x' },
        ]),
      );
      assert.equal(archive.manifestText, manifest);
      assert.deepEqual([...archive.files.keys()].sort(), ['lib/' + 'deep/'.repeat(25) + 'x.js', 'main.mjs', 'manifest.json']);
      const dir = tempDir();
      try {
        const target = join(dir.path, 'pkg');
        unpackFiles(archive.files, target);
        assert.equal(readFileSync(join(target, 'main.mjs'), 'utf8'), 'export {};');
        assert.equal(statSync(join(target, 'main.mjs')).mode & 0o777, 0o644, 'nothing executable');
        assert.deepEqual(readdirSync(dir.path), ['pkg'], 'no partial folder left');
        assert.throws(() => unpackFiles(archive.files, target), /already exists/);
      } finally {
        dir.remove();
      }
    }
  });

  const refusals: [string, Buffer | Uint8Array, RegExp][] = [
    ['a symbolic link', writeTarGz([{ name: 'manifest.json', data: manifest }, { name: 'evil', type: '2', linkname: '/etc/passwd' }]), /a symbolic link \(evil\); packages may hold only files and folders/],
    ['a hard link', writeTarGz([{ name: 'manifest.json', data: manifest }, { name: 'evil', type: '1', linkname: 'manifest.json' }]), /a hard link/],
    ['a path that climbs out', writeTarGz([{ name: 'manifest.json', data: manifest }, { name: '../../etc/cron.d/x', data: 'x' }]), /climbs out of the package with \.\./],
    ['an absolute path', writeTarGz([{ name: 'manifest.json', data: manifest }, { name: '/etc/x', data: 'x' }]), /is absolute/],
    ['a backslash', writeTarGz([{ name: 'manifest.json', data: manifest }, { name: '..\\x', data: 'x' }]), /holds a backslash/],
    ['a long path that climbs out (pax)', writeTarGz([{ name: 'manifest.json', data: manifest }, { name: `${'a/'.repeat(45)}${'../'.repeat(50)}x`, data: 'x' }]), /climbs out/],
    ['no manifest', writeTarGz([{ name: 'main.mjs', data: 'x' }]), /has no manifest\.json at its root/],
    ['not gzip', Buffer.from('PK\u0003\u0004 a zip file'), /not a gzipped tar archive/],
    ['too large', Buffer.concat([Buffer.from([0x1f, 0x8b]), Buffer.alloc(MAX_ARCHIVE_BYTES)]), /packages may be at most 4\.0 MB/],
    ['a gzip bomb', gzipSync(Buffer.alloc(40 * 1024 * 1024)), /unpacks to more than 32\.0 MB/],
  ];
  for (const [what, bytes, message] of refusals) {
    it(`refuses ${what}`, () => assert.throws(() => readPackageArchive(bytes), (error: unknown) => error instanceof ArchiveError && message.test(error.message)));
  }

  it('refuses a damaged header (checksum) and an archive cut short', () => {
    const tar = Buffer.from(gunzip(writeTarGz([{ name: 'manifest.json', data: manifest }])));
    const damaged = Buffer.from(tar);
    damaged[10] = 0x41;
    assert.throws(() => readPackageArchive(gzipSync(damaged)), /fails its checksum/);
    assert.throws(() => readPackageArchive(gzipSync(tar.subarray(0, 512 + 10))), /cut short/);
  });

  it('leaves nothing behind when a write fails half way', () => {
    const dir = tempDir();
    try {
      const files = new Map<string, Uint8Array>([
        ['a.js', new Uint8Array([1])],
        ['a.js/b.js', new Uint8Array([2])],
      ]);
      assert.throws(() => unpackFiles(files, join(dir.path, 'pkg')));
      assert.equal(existsSync(join(dir.path, 'pkg')), false);
      assert.deepEqual(readdirSync(dir.path), []);
    } finally {
      dir.remove();
    }
  });
});

function gunzip(bytes: Uint8Array): Uint8Array {
  return new Uint8Array(gunzipSync(bytes));
}
