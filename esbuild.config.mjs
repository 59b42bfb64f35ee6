// Builds every artifact: the snippet, the tag (CDN IIFE + npm ESM), the frame (one HTML file
// with its script inlined) and the mock DCS (Node). Paths are the ones DESIGN.md lists.
import { build, transform } from 'esbuild';
import { minify } from 'terser';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { publishVersioned, sri } from './scripts/sri-manifest.mjs';

// Safari 15.4 is the floor: structuredClone and Object.hasOwn arrived there.
const browserTarget = ['chrome100', 'firefox100', 'safari15.4', 'edge100'];
const started = Date.now();

async function write(path, contents) {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, contents);
}

async function buildSnippet() {
  // One source, two files: the snippet, and its Trusted Types variant for pages that enforce
  // them (the policy costs ~45 B gzip that every other page would pay). esbuild checks the
  // syntax against the browser floor and drops the other variant's branch; terser then packs
  // tighter (~30 B).
  const source = await readFile('packages/tag/src/snippet/snippet.js', 'utf8');
  for (const [file, tt] of [['snippet.min.js', false], ['snippet-tt.min.js', true]]) {
    const { code: checked } = await transform(source, { target: browserTarget, define: { __TT__: String(tt) } });
    const { code } = await minify(checked, { ecma: 2020, compress: { passes: 3, unsafe_arrows: true }, mangle: true, format: { comments: false } });
    await write(`packages/tag/dist/${file}`, code.trim() + '\n');
  }
}

// The CDN tag is bundled and minified by esbuild, then minified again by terser, which packs
// about 4 % tighter than esbuild's speed-first minifier: on a 4 KB budget, 180 bytes.
async function buildBrowserBundle(entry, outfile, define = {}, { compileEagerly = false, what = 'the tag' } = {}) {
  const bundled = await build({
    entryPoints: [entry],
    define,
    bundle: true,
    minify: true,
    format: 'iife',
    target: browserTarget,
    legalComments: 'none',
    charset: 'utf8',
    write: false,
  });
  const { code: minified } = await minify(bundled.outputFiles[0].text, { ecma: 2020, compress: { passes: 2 }, mangle: true, format: { comments: false } });
  // Nearly all of the tag runs as it loads. V8's compile hint (Chrome 136+; others ignore it)
  // compiles it on the streaming thread instead of 200 functions lazily on the page's main
  // thread: -8 ms of the host page's script time for 24 B (bench, 28 alternated pairs).
  // After terser, which drops comments; before the SRI hashes, which cover it.
  // All of it in a try: what throws as it evaluates (a module's start-time line, on a page that
  // broke a built-in: `window.JSON = undefined`) is said on the console, never thrown into the
  // page; the snippet then settles every call (the tag), or the loader's deadline does (the
  // bundles). The console itself may be broken: nothing more then.
  // ("use strict" stays first: inside the try it would be no directive, and the code sloppy.)
  const strict = minified.startsWith('"use strict";');
  const body = strict ? minified.slice('"use strict";'.length) : minified;
  const guarded = `${strict ? '"use strict";' : ''}try{${body}}catch(e){try{console.error("[audience-relay] ${what} failed to start:",e)}catch{}}`;
  const code = compileEagerly ? `//# allFunctionsCalledOnLoad\n${guarded}` : guarded;
  await write(outfile, code);
  return code;
}

async function buildTag() {
  // Outputs (GPT, Prebid, cookies, dataLayer) load on demand, next to the tag. The tag asks
  // for them by content hash (?v=), so a server may cache that URL for good.
  // So do the debug tools (diagnose, the panel).
  const [outputs, debug] = await Promise.all([
    // The outputs bundle is part of the CDN build: its config errors are short too.
    buildBrowserBundle('packages/tag/src/outputs/bundle.ts', 'packages/tag/dist/audience-relay-outputs.js', { __FULL_ERRORS__: 'false' }, { what: 'the outputs bundle' }),
    buildBrowserBundle('packages/tag/src/debug/bundle.ts', 'packages/tag/dist/audience-relay-debug.js', { __FULL_ERRORS__: 'true' }, { what: 'the debug bundle' }),
  ]);
  const version = (code) => JSON.stringify(createHash('sha256').update(code).digest('hex').slice(0, 12));
  // The tag loads its bundles with these SRI hashes: they are built first.
  const tag = await buildBrowserBundle('packages/tag/src/standalone.ts', 'packages/tag/dist/audience-relay.js', {
    // The CDN tag's input errors name the field and the problem's short code; the full text
    // is in docs/config-reference.md and in the npm build (packages/tag/src/errors.ts).
    __FULL_ERRORS__: 'false',
    __OUTPUTS_VERSION__: version(outputs),
    __DEBUG_VERSION__: version(debug),
    __OUTPUTS_INTEGRITY__: JSON.stringify(sri(outputs)),
    __DEBUG_INTEGRITY__: JSON.stringify(sri(debug)),
  }, { compileEagerly: true });
  // Versioned, immutable copies with their hashes in a manifest (scripts/sri-manifest.mjs).
  const { version: packageVersion } = JSON.parse(await readFile('packages/tag/package.json', 'utf8'));
  await publishVersioned('packages/tag/dist', { 'audience-relay.js': tag, 'audience-relay-outputs.js': outputs, 'audience-relay-debug.js': debug }, packageVersion);
  // The npm build, as ESM and as CommonJS for `require` (Jest, webpack's require, tsc to CJS):
  // Node 20 cannot require an ES module.
  await Promise.all(
    [['esm', 'index.js'], ['cjs', 'index.cjs']].map(([format, file]) =>
      build({
        entryPoints: ['packages/tag/src/index.ts'],
        outfile: `packages/tag/dist/${file}`,
        define: { __FULL_ERRORS__: 'true' },
        bundle: true,
        format,
        target: 'es2020',
        // The protocol package is private: it is bundled into the npm build, never a dependency.
      }),
    ),
  );
}

// The npm build's types, bundled into one self-contained file: the private protocol
// package's types are inlined, so consumers never see an import they cannot resolve.
async function buildTagTypes() {
  await promisify(execFile)(process.execPath, [
    'node_modules/dts-bundle-generator/dist/bin/dts-bundle-generator.js',
    '--silent',
    '--no-banner',
    '--project', 'packages/tag/tsconfig.dts.json',
    '--external-inlines', '@audience-relay/protocol',
    '-o', 'packages/tag/dist/index.d.ts',
    'packages/tag/src/index.ts',
  ]);
}

async function buildFrame() {
  const result = await build({
    entryPoints: ['packages/frame/src/main.ts'],
    bundle: true,
    minify: true,
    format: 'iife',
    target: browserTarget,
    legalComments: 'none',
    write: false,
  });
  const script = result.outputFiles[0].text.trim();
  if (/<\/script|<!--/i.test(script)) throw new Error('frame script contains "</script" or "<!--"; it cannot be inlined');
  const template = await readFile('packages/frame/src/frame.html', 'utf8');
  if (!template.includes('/*@frame-script*/')) throw new Error('frame.html lost its /*@frame-script*/ placeholder');
  await write('packages/frame/dist/frame.html', template.replace('/*@frame-script*/', () => script));
}

// `audience-relay-frame build`: one self-contained Node file next to dist/frame.html, which it
// reads as its template, so the installed package needs nothing else.
async function buildFrameCli() {
  await build({
    entryPoints: { cli: 'packages/frame/src/build/index.ts' },
    outdir: 'packages/frame/dist',
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
  });
}

async function buildMockDcs() {
  await build({
    entryPoints: ['packages/mock-dcs/src/index.ts', 'packages/mock-dcs/src/cli.ts', 'packages/mock-dcs/src/provider-check-cli.ts'],
    outdir: 'packages/mock-dcs/dist',
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // Its npm dependencies stay imports; the workspace code it uses (the frame's build
    // function, shared with audience-relay-frame) is bundled, from source.
    external: Object.keys(JSON.parse(await readFile('packages/mock-dcs/package.json', 'utf8')).dependencies),
    conditions: ['audience-relay-source'],
    sourcemap: true,
  });
}

async function buildTestingKit() {
  await build({
    entryPoints: ['packages/testing/src/index.ts'],
    outfile: 'packages/testing/dist/index.js',
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
  });
}

// The npm/ESM example app, bundled as a developer would, from the tag's published build.
async function buildNpmExample() {
  await buildTag.done;
  await build({
    entryPoints: ['examples/npm-app/app.ts'],
    outfile: 'examples/npm-app/dist/app.js',
    bundle: true,
    minify: true,
    format: 'esm',
    target: browserTarget,
  });
}

// The stand-in CMP of the consent examples, from the IAB's own CMP libraries.
async function buildExampleCmp() {
  await build({
    entryPoints: ['examples/stand-ins/cmp/cmp.ts'],
    outfile: 'examples/stand-ins/cmp/dist/cmp.js',
    bundle: true,
    minify: true,
    format: 'iife',
    target: browserTarget,
  });
}

buildTag.done = buildTag();
await Promise.all([buildSnippet(), buildTag.done, buildTagTypes(), buildFrame(), buildFrameCli(), buildMockDcs(), buildTestingKit(), buildNpmExample(), buildExampleCmp()]);
console.log(`built snippet, tag (+ types), frame, mock-dcs and testing kit in ${Date.now() - started} ms`);
