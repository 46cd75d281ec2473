import { describe, expect, it } from 'vitest';
import { DAEMONS, SERVICES, isService, layout, parseStatus } from '../../src/st/layout.js';

describe('layout', () => {
  it('names scripts, pid files and files relative to the install dir', () => {
    expect(layout.script('start', 'admin')).toBe('bin/start_admin');
    expect(layout.script('stop', 'all')).toBe('bin/stop_all');
    expect(layout.script('status', 'pesitd')).toBe('bin/status_pesitd');
    expect(layout.pidFile('admin')).toBe('var/run/admin/tomcat.pid');
    expect(layout.pidFile('tm')).toBe('var/run/tm.pid');
    expect(DAEMONS.map((d) => layout.pidFile(d))).toEqual(DAEMONS.map((d) => `var/run/${d}.pid`));
    expect([layout.taeh, layout.coreLicense, layout.featuresLicense, layout.versionFile]).toEqual(['bin/taeh', 'conf/filedrive.license', 'conf/st.license', 'conf/version.txt']);
    expect(layout.catalinaOut).toBe('tomcat/admin/logs/catalina.out');
    expect(layout.adminReadyMarker).toBe('Server startup');
    expect(SERVICES).toEqual(['admin', 'tm', 'sshd', 'ftpd', 'httpd', 'as2d', 'pesitd', 'monitord']);
    expect(isService('sshd')).toBe(true);
    expect(isService('all')).toBe(false);
  });
});

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
