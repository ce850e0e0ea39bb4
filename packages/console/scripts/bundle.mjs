#!/usr/bin/env node
/**
 * Bundles the browser app (src/app/main.tsx) with esbuild into dist/web: hashed, minified JavaScript and CSS
 * under assets/, and an index.html that loads them. No inline script or style, so the server's CSP can be
 * `default-src 'self'`. Prints each file's size and its gzip size.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const root = resolve(import.meta.dirname, '..');
const out = join(root, 'dist', 'web');
rmSync(out, { recursive: true, force: true });
mkdirSync(join(out, 'assets'), { recursive: true });

const result = await build({
  entryPoints: [join(root, 'src', 'app', 'main.tsx')],
  bundle: true,
  minify: true,
  format: 'esm',
  target: ['es2022'],
  platform: 'browser',
  // the workspace's packages resolve to their sources, as in tests; the console imports only pure code
  conditions: ['@schemagate/source'],
  jsx: 'automatic',
  jsxImportSource: 'preact',
  outdir: join(out, 'assets'),
  // the overview and its charts are a chunk of their own (see app.tsx), fetched when first shown
  splitting: true,
  entryNames: '[name]-[hash]',
  chunkNames: '[name]-[hash]',
  assetNames: '[name]-[hash]',
  metafile: true,
  legalComments: 'none',
  logLevel: 'warning',
});

const outputs = Object.keys(result.metafile.outputs).map((file) => basename(file));
const entry = (extension) =>
  Object.entries(result.metafile.outputs)
    .filter(([file, output]) => output.entryPoint && file.endsWith(extension))
    .map(([file]) => basename(file))[0];
const script = entry('.js');
// what the entry imports statically is fetched at once too: say so up front rather than after the entry parsed
const preloads = new Set(
  Object.entries(result.metafile.outputs)
    .filter(([, output]) => output.entryPoint)
    .flatMap(([, output]) =>
      output.imports.filter((i) => i.kind === 'import-statement').map((i) => basename(i.path)),
    ),
);
const style = Object.entries(result.metafile.outputs)
  .filter(([file]) => file.endsWith('.css'))
  .map(([file]) => basename(file))[0];
if (!script || !style) throw new Error(`the bundle lacks a script or a stylesheet: ${outputs.join(', ')}`);

// the browser asks for an icon on every page; one of our own spares a 404 (and a data: URL the CSP refuses)
const iconSvg =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><rect width="16" height="16" rx="3" fill="#1d4ed8"/><path d="M4 8l3 3 5-6" stroke="#fff" stroke-width="2" fill="none"/></svg>';
const icon = `icon-${createHash('sha256').update(iconSvg).digest('hex').slice(0, 8).toUpperCase()}.svg`;
writeFileSync(join(out, 'assets', icon), iconSvg);
outputs.push(icon);

const page = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>schemagate console</title>
<link rel="icon" href="/console/assets/${icon}" type="image/svg+xml">
<link rel="stylesheet" href="/console/assets/${style}">
${[...preloads].map((file) => `<link rel="modulepreload" href="/console/assets/${file}">\n`).join('')}<script type="module" src="/console/assets/${script}"></script>
</head>
<body>
<div id="app"></div>
<noscript>The schemagate console needs JavaScript.</noscript>
</body>
</html>
`;
writeFileSync(join(out, 'index.html'), page);

for (const file of ['index.html', ...outputs.map((name) => join('assets', name))]) {
  const bytes = readFileSync(join(out, file));
  process.stdout.write(`${file}: ${bytes.length} bytes, ${gzipSync(bytes).length} gzipped\n`);
}
