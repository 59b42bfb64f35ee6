// @ts-check
// Fails when the source of any package has an import cycle (type-only imports count: a type
// imported back from an implementation is how cycles start). Imports are read and resolved
// with the TypeScript compiler itself, so paths, `index.ts` and workspace names resolve as
// the build resolves them. Prints each cycle found; `node scripts/check-cycles.mjs`.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import ts from 'typescript';

const roots = ['packages/protocol/src', 'packages/tag/src', 'packages/frame/src', 'packages/mock-dcs/src', 'packages/testing/src'];
const options = ts.parseJsonConfigFileContent({ compilerOptions: JSON.parse(readFileSync('tsconfig.base.json', 'utf8')).compilerOptions }, ts.sys, '.').options;

/** @param {string} dir @returns {string[]} */
const sources = (dir) =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.(ts|mts)$/.test(name) && !name.endsWith('.d.ts') ? [resolve(path)] : [];
  });

/** @type {Map<string, string[]>} */
const graph = new Map();
for (const file of roots.flatMap((root) => { try { return sources(root); } catch { return []; } })) {
  const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
  const edges = [];
  for (const { fileName } of importedFiles) {
    const resolved = ts.resolveModuleName(fileName, file, options, ts.sys).resolvedModule;
    if (resolved && !resolved.isExternalLibraryImport && !resolved.resolvedFileName.endsWith('.d.ts')) edges.push(resolve(resolved.resolvedFileName));
  }
  graph.set(file, edges);
}

// Depth-first search; a back edge to a file on the current path is a cycle.
/** @type {string[][]} */
const cycles = [];
/** @type {Map<string, 'open' | 'done'>} */
const state = new Map();
/** @param {string} file @param {string[]} path */
function visit(file, path) {
  state.set(file, 'open');
  for (const next of graph.get(file) ?? []) {
    if (state.get(next) === 'open') cycles.push([...path.slice(path.indexOf(next)), file, next]);
    else if (!state.has(next)) visit(next, [...path, file]);
  }
  state.set(file, 'done');
}
for (const file of graph.keys()) if (!state.has(file)) visit(file, []);

const cwd = process.cwd() + '/';
for (const cycle of cycles) console.log(`import cycle: ${[...new Set(cycle)].map((f) => f.replace(cwd, '')).join(' → ')} → back`);
console.log(cycles.length ? `check-cycles: ${cycles.length} import cycle(s)` : `check-cycles: no import cycles in ${graph.size} files`);
process.exit(cycles.length ? 1 : 0);
