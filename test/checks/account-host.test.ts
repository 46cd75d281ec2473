// The ST account and the host tuning an Enterprise Cluster needs (issue 12 items 2, 6):
// who runs ST's commands, whether it may create the Axway home, its umask, the
// installer's temp space, and the sysctls Axway's docs ask for.
import { describe, expect, it } from 'vitest';
import type { ExecResult } from '../../src/adapters/types.js';
import * as c from '../../src/checks/index.js';
import { checkContext, fakeNode } from './fake-node.js';

const out = (stdout: string, exitCode = 0, stderr = ''): ExecResult => ({ exitCode, stdout, stderr, durationMs: 1 });

function withAccount(reply: (argv: readonly string[], sudo: boolean) => ExecResult | undefined, answers: { account?: string; tempDir?: string; minTempSpaceMb?: number } = {}) {
  const adapter = fakeNode('n1', 'files', { '/tmp/x': '' });
  const exec = adapter.exec.bind(adapter);
  adapter.exec = (argv, options) => Promise.resolve(reply(argv, options?.sudo === true) ?? undefined).then((r) => r ?? exec(argv, options));
  const { ctx } = checkContext({ n1: adapter });
  const a = ctx.answers as unknown as { cluster: Record<string, unknown>; installer: Record<string, unknown> };
  if (answers.account) a.cluster.account = answers.account;
  a.installer.tempDir = answers.tempDir ?? '/tmp';
  a.installer.minTempSpaceMb = answers.minTempSpaceMb ?? 20480;
  return ctx;
}

const accountProbe = (lines: string) => (argv: readonly string[], sudo: boolean) => (argv[0] === 'sh' && argv[1] === '-c' && String(argv[2]).startsWith('id -un') ? out(sudo ? lines : 'not through sudo') : undefined);

describe('node.st-account', () => {
  it('passes when the account runs the commands and may create the Axway home', async () => {
    const ctx = withAccount(accountProbe('axway\n2001\n/opt\nroot\nwritable\n'), { account: 'axway' });
    expect(await c.nodeStAccount.run(ctx, ctx.nodes[0]!)).toMatchObject({ status: 'pass', detail: 'SecureTransport runs as axway (uid 2001), may create it in /opt' });
  });
  it('fails when the commands run as someone else than cluster.account', async () => {
    const ctx = withAccount(accountProbe('root\n0\n/opt/Axway\nroot\nwritable\n'), { account: 'axway' });
    expect(await c.nodeStAccount.run(ctx, ctx.nodes[0]!)).toMatchObject({ status: 'fail', detail: "st-cluster's commands run as root, not as the SecureTransport account axway" });
  });
  it('fails when the Axway home belongs to another and is not writable, or cannot be created', async () => {
    const owned = withAccount(accountProbe('axway\n2001\n/opt/Axway\nroot\nread-only\n'));
    expect(await c.nodeStAccount.run(owned, owned.nodes[0]!)).toMatchObject({ status: 'fail', detail: '/opt/Axway belongs to root; axway (uid 2001) may not write there', fix: expect.stringContaining('chown axway /opt/Axway') });
    const absent = withAccount(accountProbe('axway\n2001\n/opt\nroot\nread-only\n'));
    expect(await c.nodeStAccount.run(absent, absent.nodes[0]!)).toMatchObject({ status: 'fail', detail: '/opt/Axway is absent and axway (uid 2001) may not create it in /opt' });
  });
  it('could not look when sudo refuses, with sudo\'s words and how to allow it', async () => {
    const ctx = withAccount(() => out('', 1, 'sudo: a password is required'), { account: 'axway' });
    expect(await c.nodeStAccount.run(ctx, ctx.nodes[0]!)).toMatchObject({
      status: 'fail',
      unknown: true,
      detail: 'could not look: cannot run a command as the SecureTransport account axway: sudo: a password is required',
      fix: expect.stringContaining('NOPASSWD'),
    });
  });
});

describe('node.st-umask', () => {
  it('passes 0022, warns otherwise (st-cluster sets 022 for its own commands)', async () => {
    const good = withAccount((argv) => (argv[1] === '-lc' ? out('0022\n') : undefined));
    expect((await c.nodeStUmask.run(good, good.nodes[0]!)).status).toBe('pass');
    const bad = withAccount((argv) => (argv[1] === '-lc' ? out('0077\n') : undefined));
    expect(await c.nodeStUmask.run(bad, bad.nodes[0]!)).toMatchObject({ status: 'warn', detail: expect.stringContaining('is 0077, Axway asks for 022') });
    expect(c.nodeStUmask.severity).toBe('warning');
  });
});

describe('node.temp-space', () => {
  const df = (mb: number) => (argv: readonly string[]) => (argv[0] === 'df' ? out(`Filesystem 1024-blocks Used Available Capacity Mounted on\n/dev/x 1 1 ${mb * 1024} 1% /tmp\n`) : undefined);
  it('asks about 20 GB in installer.tempDir, apart from the install dir', async () => {
    const enough = withAccount(df(30_000));
    expect(await c.nodeTempSpace.run(enough, enough.nodes[0]!)).toMatchObject({ status: 'pass', detail: '30000 MB free in /tmp' });
    const short = withAccount(df(5_000));
    expect(await c.nodeTempSpace.run(short, short.nodes[0]!)).toMatchObject({ status: 'fail', detail: '5000 MB free in /tmp, the installer needs about 20480 MB there while it runs', fix: expect.stringContaining('installer.tempDir') });
  });
  it('fails for a tempDir that does not exist', async () => {
    const ctx = withAccount(df(30_000), { tempDir: '/scratch' });
    expect(await c.nodeTempSpace.run(ctx, ctx.nodes[0]!)).toMatchObject({ status: 'fail', detail: 'installer.tempDir /scratch does not exist' });
  });
});

describe('node.ec-sysctls', () => {
  const sysctls = (values: string) => (argv: readonly string[]) => (argv[0] === 'cat' && String(argv[1]).startsWith('/proc/sys/') ? out(values) : undefined);
  it('passes with the values Axway asks for, warns naming each low one', async () => {
    const good = withAccount(sysctls('4194304\n2096304\n1\n9223372036854775807\n'));
    expect((await c.nodeEcSysctls.run(good, good.nodes[0]!)).status).toBe('pass');
    const low = withAccount(sysctls('212992\n212992\n1\n65536\n'));
    expect(await c.nodeEcSysctls.run(low, low.nodes[0]!)).toMatchObject({ status: 'warn', detail: 'net.core.rmem_max = 212992 (want ≥ 2096304), net.core.wmem_max = 212992 (want ≥ 2096304)' });
  });
  it('could not look when /proc/sys cannot be read', async () => {
    const ctx = withAccount(sysctls(''));
    expect(await c.nodeEcSysctls.run(ctx, ctx.nodes[0]!)).toMatchObject({ status: 'fail', unknown: true });
  });
});
