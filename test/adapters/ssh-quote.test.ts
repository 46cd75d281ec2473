import { execa } from 'execa';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSshAdapter, type SshNodeAdapter } from '../../src/adapters/ssh.js';
import { remoteCommand, shellQuote, sudoPrefix } from '../../src/adapters/ssh-quote.js';
import { startSshPeer, type SshPeer } from '../support/sshd.js';

// Strings built to hurt: shell metacharacters, quotes, newlines, non-ASCII, and anything else.
const nasty = fc.oneof(
  fc.string({ unit: fc.constantFrom("'", '"', '$', '`', '\\', '\n', ' ', '\t', ';', '&', '|', '*', '?', '!', '~', '#', '(', ')', '{', '}', '<', '>', '=', '-', 'a', 'é', '漢', '🙂') }),
  fc.string({ unit: 'grapheme' }),
  fc.string({ unit: 'binary' }).map((s) => s.replace(/\0/g, '')),
);

describe('shellQuote', () => {
  it('gives /bin/sh back every string unchanged', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(nasty, { minLength: 1, maxLength: 4 }), async (words) => {
        const { stdout } = await execa('sh', ['-c', `printf '%s\\0' ${words.map(shellQuote).join(' ')}`], { stripFinalNewline: false });
        expect(stdout.split('\0').slice(0, -1)).toEqual(words);
      }),
      { numRuns: 100 },
    );
  });

  it('leaves plain words readable and refuses NUL', () => {
    expect(shellQuote('/opt/Axway/bin/start_all')).toBe('/opt/Axway/bin/start_all');
    expect(shellQuote('')).toBe("''");
    expect(shellQuote("it's")).toBe(`'it'\\''s'`);
    expect(() => shellQuote('a\0b')).toThrow(/NUL/);
  });

  it('builds cd, timeout, sudo and env around argv', () => {
    expect(remoteCommand(['ls', '-l'], { cwd: '/opt/x y', env: { A: '1 2' }, sudo: sudoPrefix({ user: 'stuser' }), timeoutMs: 1500 })).toBe(
      "cd '/opt/x y' && exec timeout -k 2 1.5 sudo -n -u stuser -- env 'A=1 2' ls -l",
    );
    expect(remoteCommand(['true'])).toBe('exec true');
    expect(sudoPrefix(true)).toEqual(['sudo', '-n', '--']);
    expect(sudoPrefix(undefined)).toBeUndefined();
    expect(() => remoteCommand(['true'], { env: { 'A;B': 'x' } })).toThrow(/not valid/);
  });
});

describe('argv over a real ssh connection', () => {
  let peer: SshPeer;
  let ssh: SshNodeAdapter;
  beforeAll(async () => {
    peer = await startSshPeer();
    await peer.trustHostKey();
    ssh = createSshAdapter({
      node: 'q1',
      address: '127.0.0.1',
      settings: { port: peer.port, user: peer.user, identityFile: peer.identityFile, knownHostsFile: peer.knownHostsFile },
      baseDir: peer.dir,
      runtime: { configFile: 'none' },
    });
  });
  afterAll(async () => {
    await ssh?.close();
    await peer?.stop();
  });

  it(`exec(['printf', '%s', s]) returns s for random strings`, async () => {
    await fc.assert(
      fc.asyncProperty(nasty, async (s) => {
        const result = await ssh.exec(['printf', '%s', s], { kind: 'read' });
        expect(result.exitCode).toBe(0);
        // A lone surrogate cannot survive any UTF-8 transport; compare what UTF-8 can carry.
        expect(result.stdout).toBe(new TextDecoder().decode(new TextEncoder().encode(s)));
      }),
      { numRuns: 80 },
    );
  });
});
