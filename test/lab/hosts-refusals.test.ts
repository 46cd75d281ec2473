// labUp's refusals for a hosts lab: what it cannot do is said before anything is
// made (exit 2 in the CLI), and a /24 already on a link of this machine is refused.
import { execa } from 'execa';
import { existsSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { chooseSubnet, releaseSubnet } from '../../src/lab/hosts/net.js';
import { labUp, LabUsageError } from '../../src/lab/index.js';
import { requireHosts } from '../support/hosts-lab.js';
import { labDir } from './support.js';

describe('labUp with hosts', () => {
  it('refuses --db-url: the nodes reach PostgreSQL only over the lab bridge', async () => {
    const dir = labDir();
    const up = labUp({ dir, hosts: true, dbUrl: 'postgres://postgres:x@127.0.0.1:5432/postgres' });
    await expect(up).rejects.toThrow(LabUsageError);
    await expect(up).rejects.toThrow(/--hosts with --db-url: .*leave --db-url out/);
    expect(existsSync(dir)).toBe(false);
  });

  it('refuses --subnet without --hosts, and a subnet outside 198.18.0.0/15', async () => {
    await expect(labUp({ dir: labDir(), subnet: '198.18.3.0/24' })).rejects.toThrow(/--subnet is for a hosts lab: add --hosts/);
    await expect(labUp({ dir: labDir(), hosts: true, subnet: '10.0.0.0/24' })).rejects.toThrow(/--subnet 10\.0\.0\.0\/24: a hosts lab takes a \/24 inside 198\.18\.0\.0\/15/);
  });

  describe('a /24 already on a link', () => {
    const dummy = `stbusy${process.pid % 10000}`;
    afterEach(async () => void (await execa('ip', ['link', 'del', dummy], { reject: false })));

    it('is refused naming the subnet, and nothing of the lab is left', async () => {
      requireHosts();
      const third = 200 + (process.pid % 50);
      await execa('ip', ['link', 'add', dummy, 'type', 'bridge']);
      await execa('ip', ['addr', 'add', `198.19.${third}.1/24`, 'dev', dummy]);
      const dir = labDir();
      await expect(labUp({ dir, hosts: true, subnet: `198.19.${third}.0/24` })).rejects.toThrow(new RegExp(`--subnet 198\\.19\\.${third}\\.0/24 is already used by a link of this machine`));
      expect(existsSync(dir)).toBe(false);
      expect(existsSync(`/run/st-lab/net/198.19.${third}.0`)).toBe(false);
    });
  });

  it('gives two labs starting from the same place two different /24s (the claim is atomic)', () => {
    requireHosts();
    const seed = 300 + (process.pid % 100);
    const first = chooseSubnet(undefined, seed);
    const second = chooseSubnet(undefined, seed);
    try {
      expect(first.prefix).toMatch(/^198\.1[89]\.\d+$/);
      expect(second.prefix).not.toBe(first.prefix);
      expect(existsSync(first.claim) && existsSync(second.claim)).toBe(true);
    } finally {
      releaseSubnet(first.claim);
      releaseSubnet(second.claim);
    }
  });
});
