// STYLE.md: dependencies run one way. scripts/import-cycles.mjs (run by `npm run
// lint`) finds no cycle in src/, and finds one where there is one.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '../..');
const SCRIPT = path.join(ROOT, 'scripts/import-cycles.mjs');
const check = (dir: string) => run(process.execPath, [SCRIPT, dir]).then(
  ({ stdout, stderr }) => ({ code: 0, out: stdout + stderr }),
  (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, out: error.stdout + error.stderr }),
);

describe('import cycles', () => {
  it('src/ has none', async () => {
    const result = await check(path.join(ROOT, 'src'));
    expect(result.out).toMatch(/no import cycle/);
    expect(result.code).toBe(0);
  });

  it('are found, with their path, static, type-only and dynamic alike', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'st-cycles-'));
    try {
      await writeFile(path.join(dir, 'a.ts'), "import { b } from './b.js';\nexport const a = b;\n");
      await writeFile(path.join(dir, 'b.ts'), "import type { C } from './c.js';\nexport const b = 1 as unknown as C;\n");
      await writeFile(path.join(dir, 'c.ts'), "export type C = number;\nexport const load = () => import('./a.js');\n");
      await writeFile(path.join(dir, 'd.ts'), "import { a } from './a.js';\nexport const d = a;\n");
      const result = await check(dir);
      expect(result.code).toBe(1);
      expect(result.out).toContain('import cycle: a.ts → b.ts → c.ts → a.ts');
      expect(result.out).not.toContain('d.ts');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
