// `prepack` of every publishable package (npm runs it in the package's folder before `npm pack`
// and `npm publish`): dist/ is not in git, so a tarball made from a fresh clone gets it here.
// 1. Builds the workspace (esbuild.config.mjs) unless every output is newer than every source:
//    packing four packages in a row builds once.
// 2. Adds what only the published package needs: the type declarations of mock-dcs (one bundled file)
//    and the testing kit, and mock-dcs's own copy of the built tag and frame (dist/assets/), which
//    it serves, so an installed mock-dcs needs neither package.
// 3. Copies the repository's CHANGELOG.md into the package (one changelog, one version), and the
//    guides its README points to into its docs/, with the guides they link to; links in the
//    packed guides and README lead to the package's files (postpack.mjs restores the README).
// 4. Checks that every file the package.json points at (exports, types, bin) exists.
// @ts-check
import { execFileSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const pkgDir = process.cwd();
const name = basename(pkgDir);
const pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));
/** Where the repository's README waits while npm packs the packed one (see the end; scripts/postpack.mjs). */
const README_BACKUP = join(pkgDir, '.README.md.repository');
// A pack that stopped before its postpack left the packed README in place: the repository's first.
if (existsSync(README_BACKUP)) {
  copyFileSync(README_BACKUP, join(pkgDir, 'README.md'));
  rmSync(README_BACKUP);
}
/** @param {string[]} args */
const node = (args, cwd = root) => execFileSync(process.execPath, args, { cwd, stdio: 'inherit' });

/** Modification times of every file under `dir` (none when it does not exist). @param {string} dir */
function mtimes(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => statSync(join(entry.parentPath, entry.name)).mtimeMs);
}

const BUILT = ['tag', 'frame', 'mock-dcs', 'testing'];
const sources = [
  ...readdirSync(join(root, 'packages')).flatMap((p) => mtimes(join(root, 'packages', p, 'src'))),
  statSync(join(root, 'esbuild.config.mjs')).mtimeMs,
];
const newestSource = Math.max(...sources);
/** Whether a build output is missing or older than a source. @param {number[]} files */
const stale = (files) => files.length === 0 || Math.min(...files) < newestSource;
if (stale(BUILT.flatMap((p) => mtimes(join(root, 'packages', p, 'dist'))))) node(['esbuild.config.mjs']);
/** @param {string} path */
const fileTime = (path) => (existsSync(join(root, path)) ? [statSync(join(root, path)).mtimeMs] : []);

/**
 * One self-contained .d.ts for an entry; imports of other packages stay imports.
 * @param {string} project @param {string} entry @param {string} out
 */
function bundleTypes(project, entry, out) {
  if (!stale(fileTime(out))) return;
  node([
    join(root, 'node_modules/dts-bundle-generator/dist/bin/dts-bundle-generator.js'),
    '--silent',
    '--no-banner',
    '--no-check',
    '--project', project,
    '-o', out,
    entry,
  ]);
}

// The kit's types import mock-dcs's published ones: both are made for either package.
if (name === 'mock-dcs' || name === 'testing') {
  bundleTypes('packages/mock-dcs/tsconfig.json', 'packages/mock-dcs/src/index.ts', 'packages/mock-dcs/dist/index.d.ts');
}
if (name === 'mock-dcs') {
  // A CommonJS copy of the types, for the `require` condition: a TypeScript project compiled
  // to CommonJS (module node16, npm init's default package) got TS1479 on this ES module's
  // types (new-user trial 17); Node 20.19+ and 22.12+ require the module itself. The bundled
  // declarations import only Node's own modules, which either mode takes.
  copyFileSync(join(pkgDir, 'dist', 'index.d.ts'), join(pkgDir, 'dist', 'index.d.cts'));
  const assets = join(pkgDir, 'dist', 'assets');
  rmSync(assets, { recursive: true, force: true });
  // The browser files only: the tag's npm build (index.js, its types) is not served.
  const served = (/** @type {string} */ source) => !/(^|[\\/])index\.(js|cjs|d\.ts|d\.cts)$/.test(source);
  cpSync(join(root, 'packages/tag/dist'), join(assets, 'tag'), { recursive: true, filter: served });
  // The frame's template only: its build command (cli.js) is the frame package's, never served.
  cpSync(join(root, 'packages/frame/dist/frame.html'), join(assets, 'frame', 'frame.html'));
}
if (name === 'tag') {
  // The CommonJS build's types: a TypeScript project compiled to CommonJS (module node16)
  // resolves `require` to them; index.d.ts, in a "type": "module" package, describes an ES
  // module it may not require (TS1479). The same declarations describe both builds.
  copyFileSync(join(pkgDir, 'dist', 'index.d.ts'), join(pkgDir, 'dist', 'index.d.cts'));
}
if (name === 'testing') {
  // One declaration file per module (relative imports end in .js, as Node's resolution wants).
  if (stale(fileTime('packages/testing/dist/index.d.ts'))) node([join(root, 'node_modules/typescript/bin/tsc'), '-p', 'packages/testing/tsconfig.dts.json']);
  // And a CommonJS copy of each (.d.cts), for the `require` condition: a Playwright project
  // without "type": "module" (npm init's default) whose tsc uses module node16 got TS1479 on
  // the kit's ES module types (new-user trial 6). Node 20.19+ and 22.12+ require the kit's ES
  // module itself. The copies import each other as .cjs, and mock-dcs's (ES module) types
  // as type-only imports in import mode, which a CommonJS declaration file may make.
  const dist = join(pkgDir, 'dist');
  for (const file of readdirSync(dist).filter((f) => f.endsWith('.d.ts'))) {
    const cts = readFileSync(join(dist, file), 'utf8')
      .replace(/(from '\.\/[^']+)\.js'/g, "$1.cjs'")
      .replace(/import \{([^}]*)\} from '@audience-relay\/mock-dcs';/g, (_, names) => `import type {${names.replace(/\btype /g, '')}} from '@audience-relay/mock-dcs' with { 'resolution-mode': 'import' };`);
    if (/from '@audience-relay\/mock-dcs'(?! with)/.test(cts)) throw new Error(`prepack: ${file} imports mock-dcs in a form its .d.cts copy cannot take`);
    writeFileSync(join(dist, file.replace(/\.d\.ts$/, '.d.cts')), cts);
  }
}

// The guides a package's README points to, copied from the repository's docs/ into the
// package's docs/ (not in git, .gitignore): an npm user has no checkout to read them in. With
// them the guides they link to in turn (deploying.md's snippet.md, …), so that every link of
// the packed copies leads to a file of the package (test/pack.test.ts checks it).
/** @type {Record<string, string[]>} */
const GUIDES = {
  tag: ['config-reference.md', 'consent.md', 'debugging.md', 'snippet.md', 'csp.md', 'deploying.md', 'migration-from-dil.md', 'SECURITY.md'],
  frame: ['deploying.md', 'csp.md'],
  'mock-dcs': ['dcs-protocol.md', 'content-providers.md'],
  testing: ['qa-kit.md', 'qa-kit', 'debugging.md'],
};
const PUBLISHED = ['tag', 'frame', 'mock-dcs', 'testing'];
const MD_LINK = /(!?)\[([^\]]*)\]\(([^)\s]+)\)/g;

/** The relative link targets of a markdown text, code blocks left out. @param {string} text */
const linkTargets = (text) => [...text.replace(/```[\s\S]*?```/g, '').matchAll(MD_LINK)].map((match) => /** @type {string} */ (match[3]));

/** The guides to ship: the README's, and every guide they link to, transitively. */
const shipped = new Set(GUIDES[name] ?? []);
for (const guide of shipped) {
  if (!guide.endsWith('.md')) continue;
  for (const target of linkTargets(readFileSync(join(root, 'docs', guide), 'utf8'))) {
    const path = target.split('#')[0] ?? '';
    if (/^[a-z]+:/i.test(target) || !path.endsWith('.md')) continue;
    const repoPath = relative(root, join(root, 'docs', path));
    if (!repoPath.startsWith(`docs${sep}`) || !existsSync(join(root, repoPath))) continue;
    shipped.add(repoPath.slice('docs/'.length));
  }
}

/**
 * A link of `repoFile` (a path in the repository) as it must read in the packed copy at
 * `packedFile`: a shipped guide or this package's README by its path in the package, another
 * package's README by its page on the registry, and null for a file the package does not have.
 * @param {string} repoFile @param {string} packedFile @param {string} target
 * @returns {string | null}
 */
function packedTarget(repoFile, packedFile, target) {
  if (/^[a-z]+:/i.test(target) || target.startsWith('#')) return target;
  const [path = '', fragment] = target.split('#');
  const hash = fragment === undefined ? '' : `#${fragment}`;
  const repoPath = relative(root, join(root, dirname(repoFile), path)).split(sep).join('/');
  const inPackage = (/** @type {string} */ file) => relative(dirname(packedFile), join(pkgDir, file)).split(sep).join('/') + hash;
  if (repoPath.startsWith('docs/') && shipped.has(repoPath.slice('docs/'.length).split('/')[0] ?? '')) return inPackage(repoPath);
  if (repoPath === `packages/${name}/README.md`) return inPackage('README.md');
  const other = /^packages\/([^/]+)\/README\.md$/.exec(repoPath)?.[1];
  if (other && PUBLISHED.includes(other)) return `https://www.npmjs.com/package/@audience-relay/${other}`;
  return null;
}

/** A markdown text with its links rewritten by `packedTarget`; a link to nothing keeps its text, an image goes. @param {string} text @param {string} repoFile @param {string} packedFile */
function packedMarkdown(text, repoFile, packedFile) {
  return text
    .split(/(```[\s\S]*?```)/)
    .map((part, i) =>
      i % 2 === 1
        ? part
        : part.replace(MD_LINK, (whole, image, label, target) => {
            const packed = packedTarget(repoFile, packedFile, target);
            if (packed === target) return whole;
            if (packed === null) return image ? '' : label;
            return `${image}[${label}](${packed})`;
          }),
    )
    .join('');
}

const guides = join(pkgDir, 'docs');
rmSync(guides, { recursive: true, force: true });
for (const guide of shipped) {
  cpSync(join(root, 'docs', guide), join(guides, guide), { recursive: true });
  if (guide.endsWith('.md')) {
    const packed = join(guides, guide);
    writeFileSync(packed, packedMarkdown(readFileSync(packed, 'utf8'), `docs/${guide}`, packed));
  }
}

// The four packages share one version and one changelog: each package's `files` names
// CHANGELOG.md, copied here from the repository's. The copy is not in git (.gitignore).
writeFileSync(join(pkgDir, 'CHANGELOG.md'), packedMarkdown(readFileSync(join(root, 'CHANGELOG.md'), 'utf8'), 'CHANGELOG.md', join(pkgDir, 'CHANGELOG.md')));

// Every path the package.json names must be in the tarball.
/** @type {Set<string>} */
const named = new Set();
/** @param {unknown} value */
const collect = (value) => {
  if (typeof value === 'string') named.add(value);
  else if (value && typeof value === 'object') Object.values(value).forEach(collect);
};
collect(pkg.exports);
collect(pkg.bin);
collect(pkg.types);
const missing = [...named]
  .filter((path) => !path.includes('*') && !path.startsWith('./src/'))
  .filter((path) => !existsSync(join(pkgDir, path)));
for (const file of ['README.md', 'LICENSE', 'CHANGELOG.md', ...(GUIDES[name] ?? []).map((guide) => `docs/${guide}`)]) if (!existsSync(join(pkgDir, file))) missing.push(file);
if (missing.length) {
  console.error(`prepack ${pkg.name}: missing ${missing.join(', ')} (in ${relative(root, pkgDir) || '.'})`);
  process.exit(1);
}

// The README too: npm packs the package's own file, so the packed version is written in its
// place for the pack, and postpack (scripts/postpack.mjs) puts the repository's back.
const readme = join(pkgDir, 'README.md');
const readmeText = readFileSync(readme, 'utf8');
const packedReadme = packedMarkdown(readmeText, relative(root, readme), readme);
if (packedReadme !== readmeText) {
  writeFileSync(README_BACKUP, readmeText);
  writeFileSync(readme, packedReadme);
}
