// The public API end to end, in-process: loadAnswers, parseAnswersText, paths,
// fingerprint and diffAnswersKeys, AnswersError formatting.
import { homedir } from 'node:os';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AnswersError, diffAnswersKeys, formatIssue, loadAnswers, parseAnswersText } from '../../src/answers/index.js';
import { resolveLocalPath } from '../../src/answers/paths.js';
import { copyInto, fixturesDir, goodEnv, makeWorkspace } from './workspace.js';
import type { Workspace } from './workspace.js';

let ws: Workspace;
beforeAll(async () => {
  ws = await makeWorkspace();
  await copyInto(ws, fixturesDir);
});
afterAll(async () => ws.cleanup());

describe('loadAnswers', () => {
  it('returns answers with absolute jump-host paths and untouched node paths', async () => {
    const loaded = await loadAnswers(path.join(ws.dir, 'valid-full.yaml'), { env: goodEnv });
    const { answers } = loaded;
    expect(loaded.file).toBe(path.join(ws.dir, 'valid-full.yaml'));
    expect(loaded.baseDir).toBe(ws.dir);
    expect(loaded.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(answers.licenses).toEqual({ core: path.join(ws.dir, 'licenses/filedrive.license'), features: path.join(ws.dir, 'licenses/st.license') });
    expect(answers.admin.caFile).toBe(path.join(ws.dir, 'ca.pem'));
    expect(answers.database.password).toEqual({ file: path.join(ws.dir, 'secrets/db-password') });
    expect(answers.nodes[0]?.ssh?.identityFile).toBe(path.join(ws.dir, 'keys/id_ed25519'));
    expect(answers.nodes[0]?.ssh?.knownHostsFile).toBe(path.join(ws.dir, 'keys/known_hosts'));
    expect(answers.nodes[1]?.lab?.root).toBe(path.join(ws.dir, 'lab/st2'));
    expect(answers.nodes[2]?.adapter).toBe('local');
    expect(answers.nodes[3]?.adapter).toBe(path.join(ws.dir, 'adapters/my-adapter.js'));
    expect(answers.cluster.installDir).toBe('/opt/Axway/SecureTransport');
    expect(answers.installer.media).toBe('/opt/media/SecureTransport');
  });

  it('expands ~ for jump-host paths', () => {
    expect(resolveLocalPath('~/.ssh/id', '/base')).toBe(path.join(homedir(), '.ssh/id'));
    expect(resolveLocalPath('../x', '/base/dir')).toBe('/base/x');
  });

  it('reports a missing file as an AnswersError', async () => {
    const error = await loadAnswers(path.join(ws.dir, 'nope.yaml')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AnswersError);
    expect((error as AnswersError).format()).toMatch(/nope\.yaml:1:1: cannot read the answers file \(no such file\)/);
  });

  it('treats "prompt" as an error unless the caller can prompt', async () => {
    const text = (await readFile(path.join(ws.dir, 'valid-minimal.yaml'), 'utf8')).replace('{env: ST_DB_PASSWORD}', 'prompt');
    const file = path.join(ws.dir, 'p.yaml');
    await expect(parseAnswersText(text, file, { env: goodEnv })).rejects.toThrow(/database.password: .*no terminal/);
    await expect(parseAnswersText(text, file, { env: goodEnv, canPrompt: true })).resolves.toBeDefined();
  });

  it('resolves relative paths against baseDir when given', async () => {
    const text = await readFile(path.join(ws.dir, 'valid-minimal.yaml'), 'utf8');
    const loaded = await parseAnswersText(text, '<memory>', { env: goodEnv, baseDir: ws.dir });
    expect(loaded.answers.licenses.core).toBe(path.join(ws.dir, 'licenses/filedrive.license'));
  });
});

describe('AnswersError', () => {
  it('sorts issues and formats one line per issue', () => {
    const error = new AnswersError([
      { file: 'f.yaml', line: 9, col: 3, keyPath: 'b', message: 'second', fix: 'do b' },
      { file: 'f.yaml', line: 2, col: 1, keyPath: '', message: 'first', fix: 'do a' },
    ]);
    expect(error.format()).toBe('f.yaml:2:1: first (fix: do a)\nf.yaml:9:3 b: second (fix: do b)');
    expect(error.message).toBe('f.yaml:2:1: first (fix: do a) (and 1 more)');
    expect(formatIssue({ file: 'f', line: 1, col: 1, keyPath: 'k', message: 'm', fix: '' })).toBe('f:1:1 k: m');
  });
});

describe('fingerprint and diffAnswersKeys', () => {
  const fixture = async (edit: (text: string) => string, env: NodeJS.ProcessEnv = goodEnv) => {
    const text = edit(await readFile(path.join(ws.dir, 'valid-full.yaml'), 'utf8'));
    return parseAnswersText(text, path.join(ws.dir, 'edited.yaml'), { env });
  };

  it('ignores key order, comments and secret values; changes with any answer', async () => {
    const original = await fixture((t) => t);
    const reordered = await fixture((t) => t.replace('  host: db.example.com\n  port: 5433\n', '  port: 5433\n  host: db.example.com # moved\n'));
    const otherSecret = await fixture((t) => t, { ...goodEnv, ST_ADMIN_PASSWORD: 'another-one' });
    const changed = await fixture((t) => t.replace('port: 5433', 'port: 5434'));
    expect(reordered.fingerprint).toBe(original.fingerprint);
    expect(otherSecret.fingerprint).toBe(original.fingerprint);
    expect(changed.fingerprint).not.toBe(original.fingerprint);
  });

  it('lists the key paths that differ', async () => {
    const a = (await fixture((t) => t)).answers;
    const b = (
      await fixture((t) =>
        t
          .replace('port: 5433', 'port: 5434')
          .replace('password: {env: ST_ADMIN_PASSWORD}', 'password: {file: ./secrets/admin-password}')
          .replace('  version: "5.5"\n', '')
          .replace('    options:\n      region: eu-west-1\n', ''),
      )
    ).answers;
    expect(diffAnswersKeys(a, a)).toEqual([]);
    expect(diffAnswersKeys(a, b)).toEqual(['admin.password', 'cluster.version', 'database.port', 'nodes.3.options']);
    const shorter = { ...a, nodes: a.nodes.slice(0, 2) };
    expect(diffAnswersKeys(a, shorter)).toEqual(['nodes.2', 'nodes.3']);
  });
});
