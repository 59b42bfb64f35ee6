// The packages as a user gets them: packed from a fresh build (prepack makes dist/), installed
// from their tarballs into a project outside the repository (no workspace, no links), and used
// there as the docs say. Its own stage of `npm test` (test/vitest.pack.config.ts), after the
// e2e suite: it deletes the packages' dist/ first, as a fresh clone has none, and prepack
// builds them again.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, get, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, normalize, sep } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const repo = join(import.meta.dirname, '..');
const PUBLISHED = ['tag', 'frame', 'mock-dcs', 'testing'] as const;
/** Tools the scratch project installs next to the tarballs: the versions this repository uses. */
const TOOLS = ['typescript', 'esbuild', '@playwright/test', '@types/node'].map(
  (name) => `${name}@${JSON.parse(readFileSync(join(repo, 'node_modules', name, 'package.json'), 'utf8')).version}`,
);

let scratch = '';
const tarballs = new Map<string, string>();
const manifests = new Map<string, Record<string, unknown>>();

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'audience-relay-pack-'));
  mkdirSync(join(scratch, 'tarballs'));
});
afterAll(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

/** The bare module specifiers a built file imports (node: built-ins left out), as package names. */
function importedPackages(code: string): Set<string> {
  const names = new Set<string>();
  // Comments may show imports as examples (TSDoc): they import nothing.
  const uncommented = code.replace(/\/\*[\s\S]*?\*\//g, '');
  for (const [, spec] of uncommented.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+|\brequire\s*\(\s*)["']([^"'./][^"']*)["']/g)) {
    if (spec!.startsWith('node:')) continue;
    const parts = spec!.split('/');
    names.add(spec!.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]!);
  }
  return names;
}

/** The files a directory holds, recursively, as relative paths. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(dir.length + 1));
}

describe('the published packages, installed from their tarballs outside the repository', { timeout: 240_000 }, () => {
  it('packs every publishable package from a fresh clone: prepack builds dist/, with README, LICENSE and CHANGELOG', async () => {
    for (const name of PUBLISHED) rmSync(join(repo, 'packages', name, 'dist'), { recursive: true, force: true });
    await run('npm', ['pack', '--silent', '--pack-destination', join(scratch, 'tarballs'), ...PUBLISHED.flatMap((name) => ['-w', `packages/${name}`])], {
      cwd: repo,
      maxBuffer: 16 * 1024 * 1024,
    });
    for (const name of PUBLISHED) {
      const tarball = join(scratch, 'tarballs', `audience-relay-${name}-0.1.0.tgz`);
      expect(existsSync(tarball), tarball).toBe(true);
      tarballs.set(name, tarball);
      const unpacked = join(scratch, 'unpacked', name);
      mkdirSync(unpacked, { recursive: true });
      await run('tar', ['xzf', tarball, '-C', unpacked]);
      const files = filesUnder(join(unpacked, 'package'));
      expect(files.filter((file) => file.startsWith('dist/')).length, `${name}: dist/ in the tarball`).toBeGreaterThan(0);
      expect(files, name).toEqual(expect.arrayContaining(['README.md', 'LICENSE', 'CHANGELOG.md', 'package.json']));
      const manifest = JSON.parse(readFileSync(join(unpacked, 'package', 'package.json'), 'utf8')) as Record<string, unknown>;
      manifests.set(name, manifest);
      expect(manifest.private, `${name} is publishable`).toBeUndefined();
      expect(manifest.license).toBe('MIT');
      expect(manifest.engines).toEqual({ node: '>=20' });
    }
    // The guides each README names (`docs/…`) ship with it: an npm user has no checkout
    // (new-user trial: "described in the project's README and docs/", with no repository link).
    for (const name of PUBLISHED) {
      const dir = join(scratch, 'unpacked', name, 'package');
      const named = [...readFileSync(join(dir, 'README.md'), 'utf8').matchAll(/\bdocs\/[\w./-]+\.md\b/g)].map(([path]) => path);
      expect(named.length, `${name}: its README names its guides`).toBeGreaterThan(0);
      for (const path of named) expect(existsSync(join(dir, path)), `${name}: ${path}`).toBe(true);
    }
    // mock-dcs serves the tag and frame it was packed with.
    const mockDcsFiles = filesUnder(join(scratch, 'unpacked', 'mock-dcs', 'package'));
    expect(mockDcsFiles).toEqual(expect.arrayContaining(['dist/assets/frame/frame.html', 'dist/assets/tag/audience-relay.js', 'dist/index.d.ts', 'bin/mock-dcs.js']));
    // It serves the browser files only: the tag's npm build (ESM, CommonJS, types) is not one.
    expect(mockDcsFiles.filter((file) => /^dist\/assets\/tag\/index\./.test(file))).toEqual([]);
    // Nor the frame package's build command (trial7: 11 KB of dist/assets/frame/cli.js nobody loads).
    expect(mockDcsFiles.filter((file) => file.startsWith('dist/assets/frame/'))).toEqual(['dist/assets/frame/frame.html']);
    expect(filesUnder(join(scratch, 'unpacked', 'testing', 'package'))).toEqual(expect.arrayContaining(['dist/index.js', 'dist/index.d.ts']));
  });

  // New-user trial (trial5): the packed guides linked files the tarball does not have (the
  // mock-dcs README's `../../docs/content-providers.md`, deploying.md's `snippet.md` in the
  // frame package, `../packages/mock-dcs/README.md`, the debug panel's screenshot): a reader of
  // node_modules/@audience-relay/*/ (or of the README on the registry) clicked into nothing.
  it("links only to files in the package: every relative link of its README and guides resolves inside the tarball", () => {
    for (const name of PUBLISHED) {
      const dir = join(scratch, 'unpacked', name, 'package');
      const broken: string[] = [];
      for (const file of filesUnder(dir).filter((f) => f.endsWith('.md'))) {
        const text = readFileSync(join(dir, file), 'utf8').replace(/```[\s\S]*?```/g, '');
        for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
          if (/^[a-z]+:/i.test(target!) || target!.startsWith('#')) continue;
          const path = target!.split('#')[0]!;
          const resolved = normalize(join(dirname(join(dir, file)), path));
          if (!resolved.startsWith(dir + sep) || !existsSync(resolved)) broken.push(`${file} -> ${target}`);
        }
      }
      expect(broken, `${name}: links to files the tarball does not have`).toEqual([]);
    }
    // A path of the repository a README names (`src/profiles.ts`, `e2e/…`, `examples/…`) is not
    // in the package: it says so (trial7: the mock-dcs README sent npm users to src/profiles.ts).
    for (const name of PUBLISHED) {
      const readme = readFileSync(join(scratch, 'unpacked', name, 'package', 'README.md'), 'utf8');
      const unmarked = [...readme.matchAll(/`((?:src|e2e|examples|bench|test|scripts)\/[^`]*)`/g)]
        .filter((match) => !/(repository's|checkout)/.test(readme.slice(Math.max(0, match.index! - 80), match.index)))
        .map((match) => match[1]);
      expect(unmarked, `${name}: README names repository files as if they were the package's`).toEqual([]);
    }
    // The package's README in the repository keeps its repository links (packing changes only the packed copy).
    expect(readFileSync(join(repo, 'packages', 'mock-dcs', 'README.md'), 'utf8')).toContain('](../../docs/content-providers.md)');
  });

  it('declares exactly the packages its build imports: no phantom dependency, no missing one', () => {
    for (const name of PUBLISHED) {
      const dir = join(scratch, 'unpacked', name, 'package');
      const manifest = manifests.get(name)!;
      const imported = new Set<string>();
      for (const file of filesUnder(dir).filter((f) => /\.(m?js|d\.ts)$/.test(f) && !f.startsWith('dist/assets/'))) {
        for (const pkg of importedPackages(readFileSync(join(dir, file), 'utf8'))) imported.add(pkg);
      }
      const declared = Object.keys((manifest.dependencies ?? {}) as object);
      const peers = Object.keys((manifest.peerDependencies ?? {}) as object);
      // A dependency the build never imports is one a user must install for nothing, or
      // cannot install at all (a private workspace: npm's E404).
      expect(declared.filter((dep) => !imported.has(dep)), `${name}: declared, never imported`).toEqual([]);
      expect([...imported].filter((pkg) => !declared.includes(pkg) && !peers.includes(pkg)), `${name}: imported, not declared`).toEqual([]);
      expect(declared, `${name}: the private protocol package is bundled`).not.toContain('@audience-relay/protocol');
    }
    expect(Object.keys((manifests.get('testing')!.peerDependencies ?? {}) as object)).toEqual(['@playwright/test']);
  });

  // New-user trial (session m): the mock-dcs README named `LruProfileStore` and called
  // `ProfileStore` "a type this package exports"; neither was, and a user's import failed (tsc
  // TS2724, Node's "does not provide an export named"). Every type or class a README names in
  // code must be what its packed types export; capitalized words that are not such a name (HTTP
  // headers, a cookie attribute) are listed here.
  it("exports every type or class its README names in code", () => {
    const NOT_EXPORTS = new Set(['Host', 'Origin', 'Referer', 'Referrer', 'Partitioned']);
    for (const name of PUBLISHED) {
      const dir = join(scratch, 'unpacked', name, 'package');
      const types = join(dir, 'dist', 'index.d.ts');
      if (!existsSync(types)) continue;
      const declared = readFileSync(types, 'utf8');
      const exported = new Set([
        ...[...declared.matchAll(/^export (?:declare )?(?:type|interface|class|function|const|enum|abstract class) ([A-Za-z_$][\w$]*)/gm)].map((m) => m[1]!),
        ...[...declared.matchAll(/^export (?:type )?\{([^}]*)\}/gm)].flatMap((m) => m[1]!.split(',').map((part) => part.trim().replace(/^type /, '').split(/\s+as\s+/).pop()!)),
      ]);
      const readme = readFileSync(join(dir, 'README.md'), 'utf8');
      const named = [...new Set([...readme.matchAll(/`([A-Z][a-z][A-Za-z0-9]*)`/g)].map((m) => m[1]!))].filter((word) => !NOT_EXPORTS.has(word));
      expect(named.filter((word) => !exported.has(word)), `${name}: README names what the package does not export`).toEqual([]);
    }
  });

  it('installs from the tarballs alone into a project outside the repository (no links, one Playwright)', async () => {
    writeFileSync(join(scratch, 'package.json'), JSON.stringify({ name: 'scratch-app', private: true, type: 'module' }, null, 2));
    await run(
      'npm',
      ['install', '--no-audit', '--no-fund', '--prefer-offline', '--no-package-lock', '--save-dev', ...PUBLISHED.map((n) => tarballs.get(n)!), ...TOOLS],
      { cwd: scratch, maxBuffer: 16 * 1024 * 1024 },
    );
    for (const name of PUBLISHED) {
      const installed = join(scratch, 'node_modules', '@audience-relay', name);
      expect(lstatSync(installed).isSymbolicLink(), `${name} is a copy, not a link`).toBe(false);
      expect(existsSync(join(installed, 'src')), `${name}: no sources`).toBe(false);
    }
    expect(existsSync(join(scratch, 'node_modules', '@audience-relay', 'protocol'))).toBe(false);
    // "Requiring @playwright/test second time": the kit must use the project's copy.
    expect(existsSync(join(scratch, 'node_modules', '@audience-relay', 'testing', 'node_modules', '@playwright'))).toBe(false);
  });

  it('type-checks (tsc --strict) and bundles (esbuild) an app using createAudienceRelay and the QA example; an unknown kit option is a type error', async () => {
    writeFileSync(
      join(scratch, 'app.ts'),
      [
        "import { createAudienceRelay, RelayError, type ReadyResult } from '@audience-relay/tag';",
        "const relay = createAudienceRelay({ partner: 'acme', dcs: 'https://dcs.example', timeoutMs: 800 });",
        "relay.signals({ c_section: 'sports', p_age: 23 });",
        'export const ready: Promise<ReadyResult> = relay.ready();',
        "relay.on('segments', (event) => console.log(event.segments.join(',')));",
        'export const isRelayError = (error: unknown): boolean => error instanceof RelayError;',
        '',
      ].join('\n'),
    );
    cpSync(join(repo, 'docs', 'qa-kit'), join(scratch, 'qa'), { recursive: true });
    // The guide's config with the kit's options in its `use`, where the guide says they may go
    // (new-user trial: a plain defineConfig refused them, TS2769, in the QA team's own tsc).
    const docConfig = readFileSync(join(repo, 'docs', 'qa-kit', 'playwright.config.ts'), 'utf8');
    const withOptions = docConfig.replace('use: { launchOptions: launchOptions() }', "use: { launchOptions: launchOptions(), browserProfile: 'blocked', dcsOptions: { port: 4100 } }");
    expect(withOptions, "the guide's config has the use line this test extends").not.toBe(docConfig);
    writeFileSync(join(scratch, 'qa', 'config-with-options.ts'), withOptions);
    // A typo in a kit option: the one file that must not type-check.
    writeFileSync(join(scratch, 'typo.spec.ts'), "import { test } from '@audience-relay/testing';\ntest.use({ dcsOptions: { prot: 4100 } });\n");
    // waitForSegments' result as the tag's ready gives it (new-user trial: `cached` was missing
    // from its type, and any string passed as a status); a misspelt status is the other error.
    writeFileSync(
      join(scratch, 'result.spec.ts'),
      [
        "import { test, expect, waitForSegments } from '@audience-relay/testing';",
        "test('a repeat visit', async ({ page }) => {",
        '  const result = await waitForSegments(page);',
        "  if (result.cached) expect(result.status).toBe('cached');",
        "  expect(result.identity.source === 'dcs-cookie' || result.status === 'no-consent').toBe(true);",
        "  expect(result.status === 'done').toBe(false);",
        '});',
        '',
      ].join('\n'),
    );
    const tsconfig = {
      compilerOptions: { strict: true, noEmit: true, module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', lib: ['es2022', 'dom'], types: ['node'], skipLibCheck: false },
      include: ['app.ts', 'qa/*.ts', 'typo.spec.ts', 'result.spec.ts'],
    };
    writeFileSync(join(scratch, 'tsconfig.json'), JSON.stringify(tsconfig));
    // One tsc run (it is the slow part): every error must be one of the two made on purpose.
    const output = await run(process.execPath, ['node_modules/typescript/bin/tsc', '-p', '.'], { cwd: scratch }).then(
      (ok) => ok.stdout,
      (error: { stdout: string }) => error.stdout,
    );
    const errors = output.split('\n').filter((line) => /error TS\d+/.test(line));
    const expected = [/^typo\.spec\.ts.*'prot'/, /^result\.spec\.ts\(6,.*'"done"'/];
    expect(errors.filter((line) => !expected.some((error) => error.test(line))), 'tsc --strict in the scratch project').toEqual([]);
    for (const error of expected) expect(errors.some((line) => error.test(line)), String(error)).toBe(true);
    await run(join(scratch, 'node_modules', '.bin', 'esbuild'), ['app.ts', '--bundle', '--format=esm', '--minify', '--outfile=dist/app.js'], { cwd: scratch });
    const bundle = readFileSync(join(scratch, 'dist', 'app.js'), 'utf8');
    expect(importedPackages(bundle).size, 'the app bundle is self-contained').toBe(0);
    expect(bundle.length).toBeGreaterThan(10_000);
    // CommonJS projects (Jest, tsc to CommonJS) require it: Node 20 cannot require an ES module.
    const required = await run(process.execPath, ['-e', "const t = require('@audience-relay/tag'); console.log(typeof t.createAudienceRelay, typeof t.RelayError)"], { cwd: scratch });
    expect(required.stdout.trim()).toBe('function function');
    // TypeScript compiled to CommonJS (module node16, a package without "type": "module"): its
    // imports become require calls, which must find the CommonJS build's types (else TS1479).
    mkdirSync(join(scratch, 'cjs-app'));
    writeFileSync(join(scratch, 'cjs-app', 'package.json'), JSON.stringify({ name: 'cjs-app', private: true, type: 'commonjs' }));
    writeFileSync(
      join(scratch, 'cjs-app', 'app.ts'),
      "import { createAudienceRelay, RelayError } from '@audience-relay/tag';\nexport const start = () => createAudienceRelay({ partner: 'acme', dcs: 'https://dcs.example' });\nexport const isRelayError = (e: unknown): boolean => e instanceof RelayError;\n",
    );
    const cjsArgs = ['--strict', '--noEmit', '--module', 'node16', '--moduleResolution', 'node16', '--target', 'es2022', '--lib', 'es2022,dom', '--types', 'node', 'app.ts'];
    const cjs = await run(process.execPath, [join(scratch, 'node_modules/typescript/bin/tsc'), ...cjsArgs], { cwd: join(scratch, 'cjs-app') }).then(
      (ok) => ok.stdout,
      (error: { stdout: string }) => error.stdout,
    );
    expect(cjs.trim(), 'tsc, module node16, in a CommonJS package').toBe('');
    // The QA kit's example in such a package (npm init's default, no "type": "module"): its
    // imports from the kit resolve to the CommonJS types (new-user trial 6: TS1479 before).
    cpSync(join(repo, 'docs', 'qa-kit'), join(scratch, 'cjs-app', 'qa'), { recursive: true });
    const cjsQa = await run(process.execPath, [join(scratch, 'node_modules/typescript/bin/tsc'), ...cjsArgs.slice(0, -1), 'qa/playwright.config.ts', 'qa/my-pages.spec.ts'], {
      cwd: join(scratch, 'cjs-app'),
    }).then(
      (ok) => ok.stdout,
      (error: { stdout: string }) => error.stdout,
    );
    expect(cjsQa.trim(), "tsc, module node16, docs/qa-kit.md's example in a CommonJS package").toBe('');
    // mock-dcs from code in such a package (a provider's or QA's own tests): its README's
    // startMockDcs and tcString (new-user trial 17: TS1479, 'the referenced file is an
    // ECMAScript module and cannot be imported with require', before its .d.cts), and Node
    // requires it.
    writeFileSync(
      join(scratch, 'cjs-app', 'dcs.ts'),
      "import { startMockDcs, tcString, type MockDcs } from '@audience-relay/mock-dcs';\nexport const start = (): Promise<MockDcs> => startMockDcs({ port: 0 });\nexport const consent: string = tcString({ purposes: [1, 10], vendors: [565] });\n",
    );
    const cjsDcs = await run(process.execPath, [join(scratch, 'node_modules/typescript/bin/tsc'), ...cjsArgs.slice(0, -1), 'dcs.ts'], { cwd: join(scratch, 'cjs-app') }).then(
      (ok) => ok.stdout,
      (error: { stdout: string }) => error.stdout,
    );
    expect(cjsDcs.trim(), 'tsc, module node16, mock-dcs imported in a CommonJS package').toBe('');
    const requiredDcs = await run(process.execPath, ['-e', "const m = require('@audience-relay/mock-dcs'); console.log(typeof m.startMockDcs, typeof m.tcString)"], { cwd: scratch });
    expect(requiredDcs.stdout.trim()).toBe('function function');
    // Server-side rendering (Next.js, Nuxt) evaluates the app in Node first: the relay settles there.
    const ssr = `import { createAudienceRelay } from '@audience-relay/tag';
const relay = createAudienceRelay({ partner: 'acme', dcs: 'https://dcs.example' });
relay.signals({ c_section: 'sports' });
const { status, error } = await relay.ready();
console.log(status, error.code);`;
    const rendered = await run(process.execPath, ['--input-type=module', '-e', ssr], { cwd: scratch });
    expect(rendered.stdout.trim()).toBe('blocked CONNECTION_TIMEOUT');
  });

  it('runs the mock-dcs bin: it serves the frame and the tag it was packed with', async () => {
    const help = await run(join(scratch, 'node_modules', '.bin', 'mock-dcs'), ['--help'], { cwd: scratch });
    expect(help.stdout).toMatch(/^Usage: mock-dcs/);
    const child = spawn(join(scratch, 'node_modules', '.bin', 'mock-dcs'), ['--port', '0', '--quiet'], { cwd: scratch, stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      const url = await listeningUrl(child);
      const frame = await getText(url, '/frame.html');
      expect(frame.status).toBe(200);
      expect(frame.body).toContain('<meta name="audience-relay:partner" content="acme">');
      const tag = await getText(url, '/audience-relay.js');
      expect(tag.status).toBe(200);
      expect(tag.body).toBe(readFileSync(join(scratch, 'node_modules/@audience-relay/mock-dcs/dist/assets/tag/audience-relay.js'), 'utf8'));
    } finally {
      child.kill();
    }
  });

  // New-user trial 16: docs/content-providers.md (shipped in mock-dcs) told a provider with the
  // package alone to use "any page of yours with the tag's snippet", without a word of where the
  // snippet is (mock-dcs carries it beside the tag it serves) or of a page; its block now makes one.
  it("makes docs/content-providers.md's publisher page with mock-dcs alone: the snippet mock-dcs carries, pasted", async () => {
    const doc = readFileSync(join(repo, 'docs', 'content-providers.md'), 'utf8');
    const at = doc.indexOf('<!-- doc-test: publisher-page -->');
    expect(at, 'docs/content-providers.md marks its "publisher-page" block').toBeGreaterThan(-1);
    const block = /```sh\n([\s\S]*?)```/.exec(doc.slice(at))![1]!;
    // Everything but the static server, which would run until stopped.
    const script = block.split('\n').filter((line) => !line.startsWith('python3 ')).join('\n');
    expect(script).not.toBe(block);
    // In the scratch project, where mock-dcs is installed from its tarball.
    await run('bash', ['-euo', 'pipefail', '-c', script], { cwd: scratch });
    const page = readFileSync(join(scratch, 'publisher', 'index.html'), 'utf8');
    const snippet = readFileSync(join(scratch, 'node_modules/@audience-relay/mock-dcs/dist/assets/tag/snippet.min.js'), 'utf8').trim();
    expect(snippet.length).toBeGreaterThan(100);
    expect(page).toContain(`<script data-src="http://dcs.localhost:4100/audience-relay.js">${snippet}`);
    expect(page).toContain("audienceRelay('config', { partner: 'acme', dcs: 'http://dcs.localhost:4100' });");
  });

  it('runs the audience-relay-frame bin: it builds a frame and the headers its host must send', async () => {
    const out = join(scratch, 'frame-out');
    await run(
      join(scratch, 'node_modules', '.bin', 'audience-relay-frame'),
      ['build', '--partner', 'acme', '--dcs', 'https://acme.dcs.example', '--allow', 'https://www.publisher.example', '--out', out],
      { cwd: scratch },
    );
    expect(readFileSync(join(out, 'frame.html'), 'utf8')).toContain('<meta name="audience-relay:partner" content="acme">');
    const headers = JSON.parse(readFileSync(join(out, 'headers.json'), 'utf8')) as Record<string, string>;
    expect(headers['Content-Security-Policy']).toContain('frame-ancestors https://www.publisher.example');
  });

  it("follows docs/deploying.md's tarball route as written: the frame built, the tag's files beside it", async () => {
    // A deploy machine with nothing but the tarballs (deploying.md, steps 1 and 2). The doc's
    // fixed /tmp paths become the scratch project's; nothing else changes.
    const doc = readFileSync(join(repo, 'docs', 'deploying.md'), 'utf8');
    const block = (name: string): string => {
      const at = doc.indexOf(`<!-- doc-test: ${name} -->`);
      expect(at, `docs/deploying.md marks its "${name}" block`).toBeGreaterThan(-1);
      return /```sh\n([\s\S]*?)```/.exec(doc.slice(at))![1]!;
    };
    const deploy = join(scratch, 'deploying');
    const script = [block('frame-from-tarball'), block('host-tag')].join('\n').replaceAll('/tmp/', `${deploy}/`);
    const result = await run('bash', ['-euo', 'pipefail', '-c', script], { cwd: repo, maxBuffer: 16 * 1024 * 1024 }).catch(
      (error: { stdout: string; stderr: string }) => {
        throw new Error(`docs/deploying.md's commands failed:\n${error.stdout}\n${error.stderr}`);
      },
    );
    expect(result.stdout).toContain('built the frame of partner acme');
    const out = join(deploy, 'cdn-deploy', 'deploy', 'audience-relay');
    expect(filesUnder(join(out, 'acme', '1.0.0')).sort()).toEqual(['_headers', 'frame.html', 'headers.json', 'nginx.conf']);
    expect(readFileSync(join(out, 'acme', '1.0.0', '_headers'), 'utf8')).toMatch(/^\/audience-relay\/acme\/1\.0\.0\/frame\.html\n/);
    for (const file of ['audience-relay.js', 'audience-relay-outputs.js', 'audience-relay-debug.js']) {
      expect(readFileSync(join(out, 'tag', '1.0.0', file), 'utf8'), file).toBe(readFileSync(join(repo, 'packages', 'tag', 'dist', file), 'utf8'));
    }
  });

  // New-user trial 7: deploying.md (shipped in the frame, tag and testing packages) began "In a
  // checkout of audience-relay", and its other route packed the tarballs in that checkout: a
  // vendor with the packages from npm had no command of their own. The npm route, in an empty
  // directory; the tarballs stand in for the registry (same files), nothing else changes.
  it("follows docs/deploying.md's npm route as written: the frame built, the tag's files beside it", async () => {
    const doc = readFileSync(join(repo, 'docs', 'deploying.md'), 'utf8');
    const block = (name: string): string => {
      const at = doc.indexOf(`<!-- doc-test: ${name} -->`);
      expect(at, `docs/deploying.md marks its "${name}" block`).toBeGreaterThan(-1);
      return /```sh\n([\s\S]*?)```/.exec(doc.slice(at))![1]!;
    };
    const npmRoute = block('frame-from-npm');
    expect(npmRoute).toContain('npm install @audience-relay/frame @audience-relay/tag\n');
    expect(doc.indexOf('frame-from-npm'), 'the npm route comes first').toBeLessThan(doc.indexOf('In a checkout of audience-relay'));
    // The deploying project (its own package.json: npm would otherwise install into the scratch project above it).
    const project = join(scratch, 'deploying-npm');
    mkdirSync(project, { recursive: true });
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'cdn-deploy', private: true }));
    const script = [
      npmRoute.replace('npm install @audience-relay/frame @audience-relay/tag', `npm install --no-audit --no-fund --prefer-offline ${tarballs.get('frame')} ${tarballs.get('tag')}`),
      block('host-tag'),
    ].join('\n');
    await run('bash', ['-euo', 'pipefail', '-c', script], { cwd: project, maxBuffer: 16 * 1024 * 1024 }).catch((error: { stdout: string; stderr: string }) => {
      throw new Error(`docs/deploying.md's npm route failed:\n${error.stdout}\n${error.stderr}`);
    });
    const out = join(project, 'deploy', 'audience-relay');
    expect(filesUnder(join(out, 'acme', '1.0.0')).sort()).toEqual(['_headers', 'frame.html', 'headers.json', 'nginx.conf']);
    expect(readFileSync(join(out, 'acme', '1.0.0', 'headers.json'), 'utf8')).toContain('frame-ancestors https://www.publisher.example https://publisher.example');
    expect(filesUnder(join(out, 'tag', '1.0.0')).sort()).toEqual(['audience-relay-debug.js', 'audience-relay-outputs.js', 'audience-relay.js']);
  });

  // New-user trial 6: step 4's header check started node_modules/.bin/mock-dcs, which the deploy
  // machine of the tarball route does not have ("No such file or directory"); the doc now says to
  // install it there first. The doc's fixed port becomes a free one.
  it("runs docs/deploying.md's DCS header check on that deploy machine, with mock-dcs installed as it says", async () => {
    const project = join(scratch, 'deploying', 'cdn-deploy');
    const doc = readFileSync(join(repo, 'docs', 'deploying.md'), 'utf8');
    const at = doc.indexOf('<!-- doc-test: dcs-headers -->');
    expect(at, 'docs/deploying.md marks its "dcs-headers" block').toBeGreaterThan(-1);
    expect(doc.slice(0, at)).toContain('npm install\n/tmp/audience-relay-packs/audience-relay-mock-dcs-0.1.0.tgz');
    await run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', tarballs.get('mock-dcs')!], { cwd: project, maxBuffer: 16 * 1024 * 1024 });
    const script = /```sh\n([\s\S]*?)```/.exec(doc.slice(at))![1]!.replaceAll('4199', String(await freePort()));
    const result = await run('bash', ['-eu', '-c', script], { cwd: project, timeout: 60_000 });
    expect(result.stdout).toMatch(/^Access-Control-Allow-Origin: http:\/\/publisher\.localhost:4280\r?$/im);
    expect(result.stdout).toMatch(/^Access-Control-Allow-Credentials: true\r?$/im);
    expect(result.stdout).toMatch(/^Set-Cookie: demdex=\d{38};.*SameSite=None; Secure; Partitioned/im);
  });

  // New-user trial 6: docs/snippet.md (shipped in the tag package) told a publisher pinning the
  // tag to run require('./packages/tag/dist/manifest.json'), a path of this repository: in their
  // project it failed with "Cannot find module".
  it("runs docs/snippet.md's pinning command in a project with the tag installed: the tag's versioned path and hash", async () => {
    const doc = readFileSync(join(repo, 'docs', 'snippet.md'), 'utf8');
    const at = doc.indexOf('<!-- doc-test: pin-manifest -->');
    expect(at, 'docs/snippet.md marks its "pin-manifest" block').toBeGreaterThan(-1);
    const command = /```sh\n([\s\S]*?)```/.exec(doc.slice(at))![1]!;
    const result = await run('bash', ['-eu', '-c', command], { cwd: scratch });
    expect(result.stdout).toMatch(/path: 'v\/[0-9a-f]+\/audience-relay\.js'/);
    expect(result.stdout).toMatch(/integrity: 'sha384-[A-Za-z0-9+/]{64}'/);
  });

  it("runs docs/qa-kit.md's example test, as the doc shows it, against a page of the scratch project", async () => {
    const doc = readFileSync(join(repo, 'docs', 'qa-kit.md'), 'utf8');
    for (const file of ['playwright.config.ts', 'my-pages.spec.ts']) {
      const source = readFileSync(join(repo, 'docs', 'qa-kit', file), 'utf8');
      expect(doc, `docs/qa-kit.md shows docs/qa-kit/${file} as it is`).toContain('```ts\n' + source.trimEnd() + '\n```');
    }
    const dcsPort = await freePort();
    const snippet = readFileSync(join(scratch, 'node_modules/@audience-relay/tag/dist/snippet.min.js'), 'utf8').trim();
    const dcs = `http://dcs.localhost:${dcsPort}`;
    const page = [
      '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sports</title>',
      `<script data-src="${dcs}/audience-relay.js">${snippet}</script>`,
      `<script>audienceRelay('config', { partner: 'acme', dcs: '${dcs}' }); audienceRelay('signals', { c_section: 'sports' });</script>`,
      '</head><body><h1>Sports</h1></body></html>',
    ].join('\n');
    const site = await serve(page);
    try {
      const port = (site.address() as AddressInfo).port;
      const result = await run(process.execPath, ['node_modules/@playwright/test/cli.js', 'test', '--config', 'qa/playwright.config.ts', '--reporter=line'], {
        cwd: scratch,
        env: { ...process.env, SITE_URL: `http://my-site.localhost:${port}`, DCS_PORT: String(dcsPort), CI: '1' },
        maxBuffer: 16 * 1024 * 1024,
      }).catch((error: { stdout: string; stderr: string }) => {
        throw new Error(`the QA kit example failed:\n${error.stdout}\n${error.stderr}`);
      });
      expect(result.stdout).toMatch(/3 passed/);
    } finally {
      await new Promise((resolve) => site.close(resolve));
    }
  });
});

/** Resolves with the URL mock-dcs prints once it listens. */
function listeningUrl(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(out);
      if (match) resolve(match[1]!);
    });
    child.once('exit', (code) => reject(new Error(`mock-dcs exited (${code}) before listening: ${out}`)));
  });
}

/** GET on loopback with the URL's Host header (Node does not resolve *.localhost as browsers do). */
function getText(url: string, path: string): Promise<{ status: number; body: string }> {
  const { host, port } = new URL(url);
  return new Promise((resolve, reject) => {
    get({ host: '127.0.0.1', port, path, headers: { host } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    }).on('error', reject);
  });
}

/** A port the OS had free a moment ago (the DCS of the example listens on a port its page names). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** The scratch project's site: `/sports/` is the page the example tests. */
async function serve(sportsPage: string): Promise<Server> {
  const server = createServer((req, res) => {
    if (req.url === '/sports/') res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(sportsPage);
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}
