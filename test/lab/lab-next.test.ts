// `lab up` ends with the next commands, and they run as printed: the program it names
// is this st-cluster (on PATH by that name, or by its own path when it is not).
import { accessSync, constants } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, inject, it } from 'vitest';
import { CLI, randomAddressBase } from '../support/lab.js';

describe('lab up', () => {
  it('prints next commands that run as printed', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'st-lab-next-'));
    try {
      const up = await execa('node', [CLI, 'lab', 'up', '--dir', path.join(dir, 'lab'), '--db-url', inject('pgUrl'), '--address-base', randomAddressBase(), '--nodes', '1'], { env: { PATH: '/usr/bin:/bin' } });
      const next = /^Next: (\S+) setup --answers (\S+)$/m.exec(up.stdout);
      const down = /^Afterwards: (\S+ lab down --dir \S+)$/m.exec(up.stdout);
      expect(next, up.stdout).not.toBeNull();
      // Not on PATH here: the binary's own path, executable.
      expect(path.isAbsolute(next![1]!)).toBe(true);
      accessSync(next![1]!, constants.X_OK);
      const [program, ...args] = down![1]!.split(' ');
      const ran = await execa(program!, args, { reject: false });
      expect(ran.exitCode, ran.stderr).toBe(0);
      expect(ran.stdout).toMatch(/is down and removed/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
