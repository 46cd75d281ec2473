// Each form of ssh's own stderr, classified without a server: the reason, and
// who is named (the node, or the bastion in front of it).
import { describe, expect, it } from 'vitest';
import { classifySshFailure, connectionLost, masterGone, type SshTarget } from '../../src/adapters/ssh-errors.js';

const node: SshTarget = { node: 'node2', host: '10.0.0.2', port: 22, user: 'st', knownHostsFile: '/k/known_hosts', connectTimeout: 10 };
const bastion: SshTarget = { node: 'node2', host: 'jump.example', port: 2222, user: 'ops', knownHostsFile: '/k/bastion_hosts', connectTimeout: 10, bastion: true };
const KEY = 'debug1: Server host key: ssh-ed25519 SHA256:AbCdEf0123456789abcdef0123456789ABCDEFghijk\n';

describe('classifySshFailure', () => {
  it.each([
    ['host-key', `${KEY}No ED25519 host key is known for 10.0.0.2 and you have requested strict checking.\nHost key verification failed.\n`, /host key of 10\.0\.0\.2 is not known \(ssh-ed25519 SHA256:AbCdEf/],
    ['host-key', `${KEY}@@@@@@@@@@@\n@    WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED!     @\nHost key verification failed.\n`, /has CHANGED \(now ssh-ed25519 SHA256:AbCdEf/],
    ['connection-refused', 'ssh: connect to host 10.0.0.2 port 22: Connection refused\n', /connection to st@10\.0\.0\.2:22 refused/],
    ['timeout', 'ssh: connect to host 10.0.0.2 port 22: Connection timed out\n', /timed out \(10 s\)/],
    ['auth', 'st@10.0.0.2: Permission denied (publickey).\n', /authentication as st@10\.0\.0\.2:22 failed/],
    ['unreachable', 'ssh: Could not resolve hostname nowhere: Name or service not known\n', /unreachable/],
    ['unreachable', 'ssh: connect to host 10.0.0.2 port 22: No route to host\n', /unreachable/],
    ['unreachable', 'kex_exchange_identification: Connection closed by remote host\nConnection closed by 10.0.0.2 port 22\n', /SSH to st@10\.0\.0\.2:22 failed: Connection closed by 10\.0\.0\.2 port 22/],
    ['unreachable', 'client_loop: send disconnect: Broken pipe\n', /failed: client_loop: send disconnect: Broken pipe/],
    ['unreachable', 'Connection reset by 10.0.0.2 port 22\n', /failed: Connection reset by/],
  ])('%s from %j', (reason, stderr, message) => {
    const error = classifySshFailure(node, stderr);
    expect(error?.reason).toBe(reason);
    expect(error?.message).toMatch(/^node2: /);
    expect(error?.message).toMatch(message);
  });

  it('leaves a remote command’s own stderr alone', () => {
    expect(classifySshFailure(node, 'setup.sh: cannot open /opt/x\n')).toBeUndefined();
  });

  it('names the bastion and its fingerprint, not the node', () => {
    const error = classifySshFailure(bastion, `${KEY}No ED25519 host key is known for [jump.example]:2222 and you have requested strict checking.\nHost key verification failed.\n`);
    expect(error?.reason).toBe('host-key');
    expect(error?.message).toBe('node2: bastion jump.example: the SSH host key of [jump.example]:2222 is not known (ssh-ed25519 SHA256:AbCdEf0123456789abcdef0123456789ABCDEFghijk); strict host key checking refused it');
    expect(error?.fix).toContain('ssh-keyscan -p 2222 -t ed25519 jump.example >> /k/bastion_hosts');
    expect(classifySshFailure(bastion, 'ops@jump.example: Permission denied (publickey).\n')?.message).toBe('node2: bastion jump.example: SSH authentication as ops@jump.example:2222 failed');
    expect(classifySshFailure(bastion, 'channel 0: open failed: administratively prohibited: open failed\nstdio forwarding failed\n')?.message).toMatch(/^node2: bastion jump\.example: SSH to ops@jump\.example:2222 failed/);
  });
});

describe('a command whose connection broke', () => {
  it.each([
    'Connection to 10.0.0.2 closed by remote host.\n',
    'client_loop: send disconnect: Broken pipe\n',
    'mux_client_read_packet: read header failed: Broken pipe\n',
    'Timeout, server 10.0.0.2 not responding.\n',
  ])('is unreachable with ssh’s own words: %j', (stderr) => {
    const error = connectionLost(node, ['/opt/st/setup.sh', '-s', 'p'], `installer said something\n${stderr}`);
    expect(error.reason).toBe('unreachable');
    expect(error.message).toContain(`was lost while "/opt/st/setup.sh -s p" ran (${stderr.trim()})`);
    expect(error.message).toMatch(/^node2 is unreachable: .*; it may still be running there$/);
    expect(error.mayStillRun).toBe(true);
    expect(error.message).not.toMatch(/255/);
  });

  it('a master gone before the session started is told apart (safe to reconnect)', () => {
    expect(masterGone('Control socket connect(/tmp/st-ssh-x/ctl): No such file or directory\n')).toBe(true);
    expect(masterGone('Control socket connect(/tmp/st-ssh-x/ctl): Connection refused\n')).toBe(true);
    expect(masterGone('client_loop: send disconnect: Broken pipe\n')).toBe(false);
  });
});
