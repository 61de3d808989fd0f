// Bundles the server with esbuild into dist/hostkit-mcp.js (the entry, with a node shebang) and
// dist/chunks/*.mjs: start-up reads the entry and the chunk it shares with the rest (the SDK, zod);
// dist/chunks/runtime-*.mjs (the registry, the clients, the embedded sandbox, the call pipeline) is
// loaded on the first call. Few files and no node_modules is what makes spawn-to-tools/list fast (see
// /work/shared/guides/mcp-clients.md). Every tool listing is computed here, at build time
// (src/catalog-data.ts); what a connection lists from it is src/listing.ts. Chunks are .mjs so they stay ES modules wherever dist is copied (the VS Code
// extension copies the entry as hostkit-mcp.mjs and the chunks beside it).
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const outfile = join(dist, 'hostkit-mcp.js');
mkdirSync(dist, { recursive: true });

const common = {
  // Paths in the metafile are relative to this, wherever the script is run from.
  absWorkingDir: root,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  legalComments: 'none',
  // @hostkit/core from its sources (the `@hostkit/source` export condition): no build of core needed first.
  conditions: ['@hostkit/source'],
  banner: {
    js: [
      // zod compiles a parser per object schema (new Function) on its first use: at start-up that is
      // the SDK's protocol schemas, each used once or twice before the first tools/list. Interpreted
      // parsing answers sooner and costs no more per call here (pnpm bench). Set before any zod code
      // runs, in every chunk: the first one evaluated wins, zod reads it when it builds a schema.
      '(globalThis.__zod_globalConfig ??= {}).jitless = true;',
      // Packages that `require()` node built-ins inside an ESM bundle need a real require.
      "import { createRequire as __hkCreateRequire } from 'node:module';",
      'const require = __hkCreateRequire(import.meta.url);',
    ].join('\n'),
  },
  logLevel: 'warning',
};

// 1. The catalog: every tool's listing (zod → JSON Schema), computed from the sources by bundling
// src/catalog-compute.ts on its own and running it.
const scratch = mkdtempSync(join(tmpdir(), 'hostkit-mcp-build-'));
let catalogJson;
try {
  const computer = join(scratch, 'catalog-compute.mjs');
  await build({ ...common, entryPoints: [join(root, 'src', 'catalog-compute.ts')], outfile: computer });
  const { computeCatalog } = await import(pathToFileURL(computer).href);
  catalogJson = JSON.stringify(computeCatalog());
} finally {
  rmSync(scratch, { recursive: true, force: true });
}

// 2. Build-time substitutions, each keeping behaviour and cutting start-up work:
// - src/catalog-data.ts computes the catalog when the sources run as they are; in the bundle it is the
//   JSON from step 1 (JSON.parse of a string literal is the fastest way V8 reads a large object);
// - start-up modules use only core's redaction (log.ts, audit.ts): they import it from core's redact.ts,
//   because an import through core's index puts everything the index re-exports (the registry) into the
//   chunk start-up reads;
// - the SDK's Node shims import AJV as its default validator: src/sdk-shims.ts exports the SDK's light one;
// - zod re-exports every locale (`z.locales`), about 260 KB minified that nothing here uses: only English,
//   the locale zod configures by default, is kept.
const catalogData = join(root, 'src', 'catalog-data.ts');
const startupModules = ['log.ts', 'audit.ts'].map((f) => join(root, 'src', f));
const coreRedact = join(root, '..', '..', 'packages', 'core', 'src', 'redact.ts');
const substitutions = {
  name: 'hostkit-substitutions',
  setup(b) {
    b.onLoad({ filter: /[\\/]src[\\/]catalog-data\.ts$/ }, (args) =>
      args.path === catalogData
        ? { contents: `export const CATALOG = JSON.parse(${JSON.stringify(catalogJson)});`, loader: 'js' }
        : undefined,
    );
    b.onResolve({ filter: /^@hostkit\/core$/ }, (args) =>
      startupModules.includes(args.importer) ? { path: coreRedact } : undefined,
    );
    b.onResolve({ filter: /^@modelcontextprotocol\/server\/_shims$/ }, () => ({
      path: join(root, 'src', 'sdk-shims.ts'),
    }));
    b.onResolve({ filter: /\/locales\/index\.js$/ }, (args) =>
      /[\\/]zod[\\/]/.test(args.importer)
        ? { path: join(args.resolveDir, args.path), namespace: 'zod-locales' }
        : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'zod-locales' }, (args) => ({
      contents: "export { default as en } from './en.js';",
      resolveDir: dirname(args.path),
      loader: 'js',
    }));
  },
};

// 3. The bundle, built in memory and written file by file, only where the content changed; chunks no
// longer produced (names carry a content hash) are removed. An unchanged rebuild (`test` builds again
// after turbo's `build`) then touches nothing that a concurrent reader is packing or copying (the
// release tests, the VS Code extension's build).
const result = await build({
  ...common,
  entryPoints: { 'hostkit-mcp': join(root, 'src', 'main.ts') },
  outdir: dist,
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  outExtension: { '.js': '.mjs' },
  minify: true,
  plugins: [substitutions],
  metafile: true,
  write: false,
});
const writeIfChanged = (file, contents) => {
  if (existsSync(file) && readFileSync(file).equals(contents)) return;
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, contents);
};
const entryOutput = join(dist, 'hostkit-mcp.mjs');
const written = new Set();
for (const out of result.outputFiles) {
  // The entry keeps the name clients are configured with, with a shebang; chunks never import it.
  const file = out.path === entryOutput ? outfile : out.path;
  const contents =
    file === outfile ? Buffer.from(`#!/usr/bin/env node\n${out.text}`) : Buffer.from(out.contents);
  writeIfChanged(file, contents);
  written.add(file);
}
chmodSync(outfile, 0o755);
mkdirSync(join(dist, 'chunks'), { recursive: true });
for (const f of readdirSync(join(dist, 'chunks'))) {
  if (!written.has(join(dist, 'chunks', f)))
    rmSync(join(dist, 'chunks', f), { recursive: true, force: true });
}
rmSync(entryOutput, { force: true });

const sizeOf = (file) => statSync(file).size;
const chunks = readdirSync(join(dist, 'chunks')).map((f) => join(dist, 'chunks', f));
const startup = Object.entries(result.metafile.outputs).find(([, o]) => o.entryPoint)?.[1];
const startupFiles = [
  outfile,
  ...(startup?.imports ?? [])
    .filter((i) => i.kind === 'import-statement' && !i.external)
    .map((i) => join(root, i.path)),
];
const startupBytes = startupFiles.reduce((n, f) => n + sizeOf(f), 0);
if (startupFiles.some((f) => readFileSync(f, 'utf8').includes('"GetServerInfo"'))) {
  console.error(
    'warning: the registry is in what start-up reads: an import of @hostkit/core on the start-up path?',
  );
}
const totalBytes = sizeOf(outfile) + chunks.reduce((n, f) => n + sizeOf(f), 0);
const inputs = Object.values(result.metafile.outputs)
  .flatMap((o) => Object.entries(o.inputs))
  .map(([file, info]) => [
    file.replace(/.*node_modules\/(\.pnpm\/[^/]+\/node_modules\/)?/, ''),
    info.bytesInOutput,
  ])
  .sort((a, b) => b[1] - a[1]);
const zodCore = Object.keys(result.metafile.inputs).find((f) => /zod\/v4\/core\/core\.js$/.test(f));
if (!zodCore || !readFileSync(join(root, zodCore), 'utf8').includes('__zod_globalConfig')) {
  console.error(
    'warning: zod no longer reads globalThis.__zod_globalConfig: the jitless banner does nothing.',
  );
}
if (inputs.some(([file]) => /(^|\/)ajv(\/|$)|ajvProvider/.test(file))) {
  console.error('warning: AJV is in the bundle again: check the _shims substitution against the SDK.');
}
if (process.env.HOSTKIT_BUILD_REPORT)
  for (const [file, size] of inputs.slice(0, 25)) console.error(`${String(size).padStart(9)} ${file}`);
// stderr: `pnpm -s start` builds, then serves JSON-RPC on stdout.
const kib = (n) => `${(n / 1024).toFixed(0)} KiB`;
console.error(
  `dist/hostkit-mcp.js + ${chunks.length} chunks: ${kib(totalBytes)} (${kib(startupBytes)} read at start-up)`,
);
