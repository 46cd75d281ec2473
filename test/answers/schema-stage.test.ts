import { describe, expect, it } from 'vitest';
import { parseAnswersSource } from '../../src/answers/yaml-source.js';
import { parseWithSchema } from '../../src/answers/schema-stage.js';
import { closestKey, knownKeysAt } from '../../src/answers/known-keys.js';
import type { AnswersIssue } from '../../src/answers/errors.js';

const valid = `apiVersion: st-cluster/v1
cluster:
  name: demo
database:
  type: postgresql
  host: db
  name: st
  user: st
  password: {env: ST_DB_PASSWORD}
sharedFs:
  path: /mnt/shared
installer:
  media: /opt/media
licenses:
  core: ./core.license
  features: ./st.license
admin:
  password: prompt
nodes:
  - name: st1
    address: 10.0.0.11
`;

function stage(text: string): { ok: boolean; issues: AnswersIssue[] } {
  const { source } = parseAnswersSource(text, 'x.yaml');
  const result = parseWithSchema(source.doc.toJS(), source);
  return { ok: result.answers !== undefined, issues: result.issues };
}

describe('schema stage', () => {
  it('accepts a valid document and applies defaults', () => {
    const { source } = parseAnswersSource(valid, 'x.yaml');
    const { answers, issues } = parseWithSchema(source.doc.toJS(), source);
    expect(issues).toEqual([]);
    expect(answers?.cluster.installDir).toBe('/opt/Axway/SecureTransport');
    expect(answers?.admin.register.method).toBe('api');
    expect(answers?.nodes[0]?.adapter).toBe('ssh');
  });

  it('gives every issue file, line, col, key path, message and fix', () => {
    const { ok, issues } = stage(valid.replace('name: demo', 'name: 5').replace('  host: db\n', ''));
    expect(ok).toBe(false);
    for (const issue of issues) {
      expect(issue.file).toBe('x.yaml');
      expect(issue.line).toBeGreaterThan(0);
      expect(issue.col).toBeGreaterThan(0);
      expect(issue.keyPath).not.toBe('');
      expect(issue.message).not.toBe('');
      expect(issue.fix).not.toBe('');
    }
    expect(issues.map((i) => [i.keyPath, i.line])).toEqual(
      expect.arrayContaining([
        ['cluster.name', 3],
        ['database.host', 4],
      ]),
    );
  });

  it('reports each unknown key with its own path and line, with a suggestion', () => {
    const { issues } = stage(valid.replace('  name: demo\n', '  name: demo\n  nmae: x\n  colour: blue\n'));
    const unknown = issues.filter((i) => i.message.startsWith('unknown key'));
    expect(unknown.map((i) => [i.keyPath, i.line, i.col])).toEqual([
      ['cluster.nmae', 4, 3],
      ['cluster.colour', 5, 3],
    ]);
    expect(unknown[0]!.fix).toContain('did you mean "name"');
  });

  it('explains that the first node is the first in the list', () => {
    const text = valid.replace('    address: 10.0.0.11\n', '    address: 10.0.0.11\n  - name: st2\n    address: 10.0.0.12\n    first: true\n');
    const { issues } = stage(text);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ keyPath: 'nodes.1.first', line: 24 });
    expect(issues[0]!.fix).toContain('move this node to the top');
  });

  it('refuses a literal secret without echoing it anywhere in the issue', () => {
    const { issues } = stage(valid.replace('password: {env: ST_DB_PASSWORD}', 'password: "s3cr3t-Literal"'));
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ keyPath: 'database.password', line: 9 });
    expect(issues[0]!.fix).toBe('use {env: ST_DB_PASSWORD} or {file: ./secrets/db-password} or prompt');
    expect(JSON.stringify(issues)).not.toContain('s3cr3t');
  });

  it('names the missing nodes list and an empty one', () => {
    expect(stage(valid.replace(/nodes:[\s\S]*$/, 'nodes: []\n')).issues[0]).toMatchObject({ keyPath: 'nodes', line: 19 });
    expect(stage(valid.replace(/nodes:[\s\S]*$/, '')).issues[0]).toMatchObject({ keyPath: 'nodes', message: expect.stringContaining('missing') });
  });
});

describe('known keys', () => {
  it('reads allowed keys from the zod schema through optional/default wrappers', () => {
    expect(knownKeysAt(['cluster', 'tls'])).toEqual(['enabled', 'minDaysLeft']);
    expect(knownKeysAt(['nodes', 0, 'ssh', 'sudo'])).toEqual(['user']);
    expect(knownKeysAt(['installer', 'properties'])).toEqual([]);
  });
  it('suggests the closest key only when it is close', () => {
    expect(closestKey('install_dir', ['name', 'installDir'])).toBe('installDir');
    expect(closestKey('zzz', ['name', 'installDir'])).toBeUndefined();
  });
});
