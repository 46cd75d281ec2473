// The package as users get it: `npm pack` of this checkout, installed with npm into
// an empty prefix, and run from there — help, an answers template, and a lab
// set up to a healthy cluster — with nothing of the checkout on its way.
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { randomAddressBase } from '../support/lab.js';

const ROOT = path.resolve(import.meta.dirname, '../..');

describe('the packed and installed st-cluster', () => {
  let dir: string;
  let bin: string;
  const cli = (args: string[], timeout = 120_000) => execa(bin, args, { reject: false, cwd: dir, env: { NO_COLOR: '1', ST_CLUSTER_STATE_DIR: path.join(dir, 'state') }, timeout });

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'st-pack-'));
    // dist/ is built by the test command itself; --ignore-scripts keeps the other test files' dist/ untouched.
    await execa('npm', ['pack', '--ignore-scripts', '--pack-destination', dir], { cwd: ROOT });
    const tarball = (await readdir(dir)).find((f) => f.endsWith('.tgz'));
    expect(tarball, 'npm pack wrote no tarball').toBeDefined();
    // The dependencies come from npm's cache (the checkout's `npm ci` filled it) or the registry.
    const install = await execa('npm', ['install', '-g', '--prefix', path.join(dir, 'prefix'), '--prefer-offline', '--no-audit', '--no-fund', path.join(dir, tarball!)], { reject: false, cwd: dir });
    expect(install.exitCode, install.stderr).toBe(0);
    bin = path.join(dir, 'prefix', 'bin', 'st-cluster');
  }, 180_000);
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('runs --help and --version from the prefix, not from the checkout', async () => {
    const help = await cli(['--help']);
    expect(help.exitCode).toBe(0);
    expect(help.stdout).toMatch(/Usage: st-cluster/);
    expect((await cli(['--version'])).stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
    const { stdout: real } = await execa('readlink', ['-f', bin]);
    expect(real.startsWith(path.join(dir, 'prefix'))).toBe(true);
  });

  it('writes an answers template whose schema line points into the installed package and whose only problems are its blanks', async () => {
    const file = path.join(dir, 'cluster.yaml');
    const init = await cli(['answers', 'init', '--out', file]);
    expect(init.exitCode, init.stderr).toBe(0);
    const schemaRef = /\$schema=(\S+)/.exec(await readFile(file, 'utf8'))?.[1];
    expect(schemaRef?.startsWith(path.join(dir, 'prefix'))).toBe(true);
    expect(existsSync(schemaRef!)).toBe(true);
    const validate = await cli(['answers', 'validate', file], 60_000);
    expect(validate.exitCode).toBe(2);
    const problems = validate.stderr.split('\n').filter(Boolean);
    // Each blank named with its place and key: the secrets to export and the licences to put in place.
    expect(problems.map((p) => /cluster\.yaml:\d+:\d+ ([\w.]+):/.exec(p)?.[1])).toEqual(['database.password.env', 'licenses.core', 'licenses.features', 'admin.password.env']);
  });

  it('brings up a lab and sets it up to a healthy cluster', async () => {
    const lab = path.join(dir, 'lab');
    const up = await cli(['lab', 'up', '--dir', lab, '--db-url', inject('pgUrl'), '--address-base', randomAddressBase()]);
    expect(up.exitCode, up.stderr).toBe(0);
    try {
      const setup = await cli(['setup', '--answers', path.join(lab, 'answers.yaml'), '--yes'], 300_000);
      expect(setup.exitCode, setup.stderr).toBe(0);
      expect(setup.stdout).toMatch(/The Enterprise Cluster is set up: 3 nodes Online\./);
      const status = await cli(['status', '--answers', path.join(lab, 'answers.yaml')]);
      expect(status.exitCode, status.stdout + status.stderr).toBe(0);
    } finally {
      const down = await cli(['lab', 'down', '--dir', lab]);
      expect(down.exitCode, down.stderr).toBe(0);
    }
  }, 300_000);
});
