// The import graph of src/ (static, type-only and dynamic imports alike), read from
// the source text: what the house rules about dependencies are checked against.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const IMPORT = /(?:import|export)\s[^'"`;]*?from\s+['"](\.{1,2}\/[^'"]+)['"]|import\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g;

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []));
}

export function importGraph(srcDir: string): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of files(srcDir)) {
    const text = readFileSync(file, 'utf8');
    const deps = [...text.matchAll(IMPORT)].map((m) => path.relative(srcDir, path.resolve(path.dirname(file), (m[1] ?? m[2])!.replace(/\.js$/, '.ts'))));
    graph.set(path.relative(srcDir, file), [...new Set(deps)]);
  }
  return graph;
}

/** Every cycle as a path a → … → a (each cycle once, from its smallest file name). */
export function cyclesOf(graph: Map<string, string[]>): string[][] {
  const cycles = new Map<string, string[]>();
  const visit = (start: string, node: string, trail: string[]): void => {
    for (const next of graph.get(node) ?? []) {
      if (next === start) {
        const cycle = [...trail, start];
        cycles.set([...trail].sort().join('|'), cycle);
      } else if (!trail.includes(next) && next > start) visit(start, next, [...trail, next]);
    }
  };
  for (const start of graph.keys()) visit(start, start, [start]);
  return [...cycles.values()];
}
