// One-pass validation (issue 15 item 4): a file with a schema problem still gets
// every cross-field rule that can be judged, so one round of fixes is enough; a
// rule never speaks about a key the schema already refused.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AnswersError, parseAnswersText } from '../../src/answers/index.js';
import { copyInto, fixturesDir, goodEnv, makeWorkspace, type Workspace } from './workspace.js';

let ws: Workspace;
beforeAll(async () => {
  ws = await makeWorkspace();
  await copyInto(ws, fixturesDir);
});
afterAll(async () => ws.cleanup());

async function issuesOf(edit: (text: string) => string): Promise<string[]> {
  const file = path.join(ws.dir, 'valid-minimal.yaml');
  const text = edit(await readFile(file, 'utf8'));
  const error = await parseAnswersText(text, file, { env: goodEnv }).then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(AnswersError);
  return (error as AnswersError).issues.map((i) => `${i.keyPath}: ${i.message}`);
}

describe('answers validation in one pass', () => {
  it('reports a schema problem and the cross-field problems of the other sections together', async () => {
    const issues = await issuesOf((t) =>
      t
        .replace('  host: db\n', '  host: db\n  port: "five"\n')
        .replace('  path: /mnt/shared', '  path: /opt/Axway/SecureTransport/shared')
        .replace('nodes:\n  - name: only\n    address: 10.1.1.1', 'nodes:\n  - name: a\n    address: 10.1.1.1\n  - name: a\n    address: 10.1.1.1'),
    );
    expect(issues.some((i) => i.startsWith('database.port:'))).toBe(true);
    expect(issues.some((i) => i.startsWith('sharedFs.path:') && /inside cluster.installDir/.test(i))).toBe(true);
    expect(issues.some((i) => i.startsWith('nodes.1.name:'))).toBe(true);
    expect(issues.some((i) => i.startsWith('nodes.1.address:'))).toBe(true);
  });

  it('says nothing more about a key the schema refused', async () => {
    const issues = await issuesOf((t) => t.replace('  path: /mnt/shared', '  path: 42'));
    expect(issues.filter((i) => i.startsWith('sharedFs.path'))).toHaveLength(1);
  });
});
