#!/usr/bin/env node
// STYLE.md: dependencies run one way. Prints every import cycle among the .ts files
// of a directory (default src/) — static, type-only and dynamic imports alike, read
// from the source text — and exits 1 when there is one. Run by `npm run lint`.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const IMPORT = /(?:import|export)\s[^'"`;]*?from\s+['"](\.{1,2}\/[^'"]+)['"]|import\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g;

function files(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []));
}

function importGraph(srcDir) {
  const graph = new Map();
  for (const file of files(srcDir)) {
    const text = readFileSync(file, 'utf8');
    const deps = [...text.matchAll(IMPORT)].map((m) => path.relative(srcDir, path.resolve(path.dirname(file), (m[1] ?? m[2]).replace(/\.js$/, '.ts'))));
    graph.set(path.relative(srcDir, file), [...new Set(deps)]);
  }
  return graph;
}

/** Every cycle once, as a → … → a, starting from its smallest file name. */
function cyclesOf(graph) {
  const cycles = new Map();
  const visit = (start, node, trail) => {
    for (const next of graph.get(node) ?? []) {
      if (next === start) cycles.set([...trail].sort().join('|'), [...trail, start]);
      else if (!trail.includes(next) && next > start) visit(start, next, [...trail, next]);
    }
  };
  for (const start of graph.keys()) visit(start, start, [start]);
  return [...cycles.values()];
}

const dir = path.resolve(process.argv[2] ?? 'src');
const cycles = cyclesOf(importGraph(dir));
for (const cycle of cycles) console.error(`import cycle: ${cycle.join(' → ')}`);
if (cycles.length > 0) {
  console.error(`${cycles.length} import cycle(s) in ${dir}: move what both sides need into a module of its own.`);
  process.exitCode = 1;
} else {
  console.log(`no import cycle in ${dir}`);
}
