// Without a terminal setup never prompts: a missing answer is an error that
// names its YAML key, exit 2.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from './lab-fixture.js';

const partial = `apiVersion: st-cluster/v1
cluster:
  name: prod
database:
  type: postgresql
  name: st
  user: st
  password: {env: ST_DB_PASSWORD}
sharedFs: {path: /mnt/st-shared}
installer: {media: /opt/media/SecureTransport}
licenses: {core: /l/core, features: /l/st}
admin: {password: {env: ST_ADMIN_PASSWORD}}
nodes:
  - {name: n1, address: 10.0.0.1}
`;

function setup(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [cli, 'setup', ...args], { input: '', encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 30_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('setup with stdin not a terminal', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'st-wizard-notty-'));
  const file = path.join(dir, 'partial.yaml');
  writeFileSync(file, partial);

  it('exits 2 naming the missing key, with or without --yes, and asks nothing', () => {
    for (const args of [['--answers', file, '--yes'], ['--answers', file]]) {
      const run = setup(args);
      expect(run.status).toBe(2);
      expect(run.stderr).toMatch(/partial\.yaml:\d+:\d+ database\.host: required key is missing/);
      expect(run.stdout + run.stderr).not.toMatch(/\? /);
    }
  });

  it('exits 2 when there is no answers file to read', () => {
    const run = setup(['--yes']);
    expect(run.status).toBe(2);
    expect(run.stdout + run.stderr).toContain('--answers FILE is needed');
  });
});
