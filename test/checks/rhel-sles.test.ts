// Checks that fit RHEL and SLES nodes (issue 12.9): distribution ID and major
// VERSION_ID from /etc/os-release, file system names as GNU stat -f -c %T prints them.
import { describe, expect, it } from 'vitest';
import * as c from '../../src/checks/index.js';
import { NETWORK_FS } from '../../src/checks/node-probes.js';
import { checkContext, fakeNode } from './fake-node.js';

const rhel = (version: string): string => `NAME="Red Hat Enterprise Linux"\nVERSION="${version} (Plow)"\nID="rhel"\nID_LIKE="fedora"\nVERSION_ID="${version}"\nPRETTY_NAME="Red Hat Enterprise Linux ${version} (Plow)"\n`;
const sles = (version: string): string => `NAME="SLES"\nVERSION="${version}"\nVERSION_ID="${version}"\nPRETTY_NAME="SUSE Linux Enterprise Server ${version}"\nID="sles"\nID_LIKE="suse"\n`;

async function osSame(...releases: string[]) {
  const adapters = Object.fromEntries(releases.map((r, i) => [`n${i + 1}`, fakeNode(`n${i + 1}`, 'files', { '/etc/os-release': r })]));
  const { ctx } = checkContext(adapters);
  return c.nodeOsSame.run(ctx);
}

describe('node.os-same', () => {
  it('passes for the same distribution and version', async () => {
    expect((await osSame(rhel('9.4'), rhel('9.4'))).status).toBe('pass');
  });
  it('warns on a different minor version (RHEL 9.2 vs 9.4, SLES 15.4 vs 15.5)', async () => {
    const r = await osSame(rhel('9.4'), rhel('9.2'));
    expect(r.status).toBe('warn');
    expect(r.detail).toContain('n2 runs rhel 9.2');
    expect((await osSame(sles('15.5'), sles('15.4'))).status).toBe('warn');
  });
  it('fails on another major version or distribution', async () => {
    expect((await osSame(rhel('9.4'), rhel('8.10'))).status).toBe('fail');
    const mixed = await osSame(rhel('9.4'), sles('15.5'));
    expect(mixed.status).toBe('fail');
    expect(mixed.detail).toContain('n2 runs SUSE Linux Enterprise Server 15.5');
  });
  it('an os-release without ID fails (absent), an unreadable one could not look', async () => {
    expect(await osSame(rhel('9.4'), 'NAME=x\n')).toMatchObject({ status: 'fail' });
    const { ctx } = checkContext({ n1: fakeNode('n1', 'files', { '/etc/os-release': rhel('9.4') }), n2: fakeNode('n2', 'eio') });
    expect(await c.nodeOsSame.run(ctx)).toMatchObject({ status: 'fail', unknown: true, detail: expect.stringContaining('n2: ') });
  });
});

describe('network file systems by GNU stat -f -c %T names', () => {
  it('knows the network and cluster file systems', () => {
    for (const t of ['nfs', 'nfs4', 'fuseblk', 'fuse', 'cifs', 'smb2', 'gfs2', 'ocfs2', 'gpfs', 'lustre', 'ceph']) expect(NETWORK_FS.test(t), t).toBe(true);
  });
  it('leaves local disks alone', () => {
    for (const t of ['xfs', 'ext2/ext3', 'btrfs', 'tmpfs', 'overlayfs', 'zfs']) expect(NETWORK_FS.test(t), t).toBe(false);
  });
  it('node.install-dir fails on fuseblk, and could not look when stat -f fails', async () => {
    const dir = '/opt/Axway/SecureTransport';
    const onFuse = fakeNode('n1', 'files', { [`${dir}/x`]: '' }, (argv) => (argv[0] === 'stat' ? { exitCode: 0, stdout: 'fuseblk\n', stderr: '', durationMs: 1 } : undefined));
    const { ctx } = checkContext({ n1: onFuse });
    expect(await c.nodeInstallDir.run(ctx, ctx.nodes[0]!)).toMatchObject({ status: 'fail', detail: expect.stringContaining('fuseblk') });
    const broken = fakeNode('n1', 'files', {}, (argv) => (argv[0] === 'stat' ? { exitCode: 1, stdout: '', stderr: "stat: cannot read file system information for '/': Input/output error", durationMs: 1 } : undefined));
    const { ctx: ctx2 } = checkContext({ n1: broken });
    const error = await c.nodeInstallDir.run(ctx2, ctx2.nodes[0]!).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/could not look at the file system of \/: .*Input\/output error/);
  });
});
