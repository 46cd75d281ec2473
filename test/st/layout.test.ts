// How the status scripts' words are read. The layout's paths themselves are not restated
// here: the lab creates them and the steps use them (e2e), which is what can fail.
import { describe, expect, it } from 'vitest';
import { parseStatus } from '../../src/st/layout.js';

describe('parseStatus', () => {
  it('reads the documented daemon strings', () => {
    expect(parseStatus('sshd is alive\n', 'sshd')).toBe('alive');
    expect(parseStatus('ftpd is down', 'ftpd')).toBe('down');
    expect(parseStatus('as2d is disabled', 'as2d')).toBe('disabled');
  });

  it('reads Admin and TM whatever they call themselves', () => {
    expect(parseStatus('Administration server is alive', 'admin')).toBe('alive');
    expect(parseStatus('Transaction Manager is down\n', 'tm')).toBe('down');
    expect(parseStatus('tm is alive', 'tm')).toBe('alive');
    expect(parseStatus('admin is disabled', 'admin')).toBe('unknown');
  });

  it('picks the right line out of several and never another daemon\'s', () => {
    const all = 'sshd is alive\nftpd is disabled\nhttpd is down\n';
    expect(parseStatus(all, 'ftpd')).toBe('disabled');
    expect(parseStatus(all, 'httpd')).toBe('down');
    expect(parseStatus(all, 'as2d')).toBe('unknown');
    expect(parseStatus('ftpd is alive', 'sshd')).toBe('unknown');
  });

  it('answers unknown for anything else', () => {
    expect(parseStatus('', 'sshd')).toBe('unknown');
    expect(parseStatus('Admin is not running; status scripts need Admin', 'sshd')).toBe('unknown');
    expect(parseStatus('sshd is starting', 'sshd')).toBe('unknown');
  });
});
