// `npm run lab:demo` as a new operator meets it (issue 15 item 3): another lab already
// holds the default addresses, yet the demo finds free ones, sets up a healthy
// cluster, removes everything it made (its temp dir too) and writes nothing to ~.
import { existsSync } from 'node:fs';
import { mkdtemp, readdir } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const DEMO = path.resolve(import.meta.dirname, '../../scripts/lab-demo.mjs');

describe('npm run lab:demo', () => {
  const held: net.Server[] = [];
  beforeAll(async () => {
    // What another engineer's default lab holds: node1's Admin port on 127.0.0.11.
    for (const address of ['127.0.0.11']) {
      const server = net.createServer();
      await new Promise<void>((resolve, reject) => server.once('error', reject).listen(8444, address, resolve));
      held.push(server);
    }
  });
  afterAll(() => held.forEach((s) => s.close()));

  it('runs on free addresses when the default ones are taken, and leaves nothing behind', async () => {
    const home = await mkdtemp(path.join(tmpdir(), 'st-demo-home-'));
    const run = await execa('node', [DEMO], { reject: false, env: { NO_COLOR: '1', HOME: home, ST_CLUSTER_STATE_DIR: undefined }, timeout: 180_000 });
    expect(run.exitCode, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toMatch(/The Enterprise Cluster is set up: 3 nodes Online/);
    expect(run.stdout).not.toMatch(/127\.0\.0\.11\b/);
    expect(run.stdout).toMatch(/Lab removed\./);
    expect(run.stdout).not.toMatch(/--resume/);
    const dir = /lab in (\S+) …/.exec(run.stdout)?.[1];
    expect(dir).toBeDefined();
    expect(existsSync(dir!)).toBe(false);
    expect(await readdir(home)).toEqual([]);
  }, 200_000);
});
