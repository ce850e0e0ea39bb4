#!/usr/bin/env node
/**
 * `pnpm packages:pack DIR`: one npm tarball per public package of the workspace, written into DIR.
 *
 * Builds first, then runs `pnpm pack` in each package that is not private (pnpm writes real versions in place
 * of `workspace:` and `catalog:` and applies `publishConfig`), with the repository's LICENSE beside the
 * package for the moment of packing. Each tarball is then checked: compiled JavaScript and declarations only,
 * no TypeScript sources, tests or fixtures, and no `workspace:`/`catalog:` range left. Prints a line per
 * tarball with its size; `--json` prints the list as JSON instead.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const root = resolve(import.meta.dirname, '..');
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { json: { type: 'boolean', default: false }, 'no-build': { type: 'boolean', default: false } },
});
if (positionals.length !== 1) {
  process.stderr.write('usage: pnpm packages:pack DIR [--json] [--no-build]\n');
  process.exit(2);
}
const destination = resolve(process.cwd(), positionals[0]);
mkdirSync(destination, { recursive: true });

/** The workspace's public packages, in a stable order. */
function publicPackages() {
  const folders = ['packages', 'apps'].flatMap((group) =>
    readdirSync(join(root, group))
      .map((name) => join(root, group, name))
      .filter((dir) => existsSync(join(dir, 'package.json'))),
  );
  return folders
    .map((dir) => ({ dir, manifest: JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) }))
    .filter(({ manifest }) => !manifest.private)
    .sort((a, b) => a.manifest.name.localeCompare(b.manifest.name));
}

const forbidden = [/\.tsbuildinfo$/, /\.test\./, /(^|\/)test\//, /(^|\/)fixtures?\//, /(^|\/)src\//, /\.ts$/];
const allowedTs = /\.d\.ts$/;

function checkTarball(file, name) {
  const entries = execFileSync('tar', ['-tzf', file], { encoding: 'utf8' }).trim().split('\n');
  const bad = entries.filter(
    (entry) => !allowedTs.test(entry) && forbidden.some((pattern) => pattern.test(entry)),
  );
  if (bad.length > 0)
    throw new Error(`${name}: the tarball holds files it must not: ${bad.slice(0, 5).join(', ')}`);
  const manifest = JSON.parse(
    execFileSync('tar', ['-xOzf', file, 'package/package.json'], { encoding: 'utf8' }),
  );
  for (const field of ['dependencies', 'peerDependencies', 'optionalDependencies']) {
    for (const [dependency, range] of Object.entries(manifest[field] ?? {})) {
      if (/^(workspace|catalog):/.test(range))
        throw new Error(`${name}: ${field}.${dependency} is still ${range}`);
    }
  }
  if (!entries.includes('package/LICENSE')) throw new Error(`${name}: the tarball has no LICENSE`);
  return entries.length;
}

if (!values['no-build']) {
  execFileSync('pnpm', ['exec', 'turbo', 'run', 'build', '--output-logs=errors-only'], {
    cwd: root,
    stdio: 'inherit',
  });
}

const packed = [];
for (const { dir, manifest } of publicPackages()) {
  const license = join(dir, 'LICENSE');
  const hadLicense = existsSync(license);
  if (!hadLicense) copyFileSync(join(root, 'LICENSE'), license);
  let output;
  try {
    output = execFileSync('pnpm', ['pack', '--pack-destination', destination, '--json'], {
      cwd: dir,
      encoding: 'utf8',
    });
  } finally {
    if (!hadLicense) rmSync(license);
  }
  const { filename } = JSON.parse(output);
  const files = checkTarball(filename, manifest.name);
  packed.push({
    name: manifest.name,
    version: manifest.version,
    file: filename,
    bytes: statSync(filename).size,
    files,
  });
}

if (values.json) {
  process.stdout.write(`${JSON.stringify(packed, null, 2)}\n`);
} else {
  for (const tarball of packed) {
    process.stdout.write(
      `${tarball.name}@${tarball.version}  ${(tarball.bytes / 1024).toFixed(1)} KiB, ${tarball.files} files  ${tarball.file}\n`,
    );
  }
}
