import { describe, expect, it } from 'vitest';
import type { ClusterStatus, NodeStatus } from '../../src/day-two/status.js';
import { certSummary, daemonSummary, renderStatusTable } from '../../src/ui/status-table.js';

function node(name: string, over: Partial<NodeStatus> = {}): NodeStatus {
  return {
    name,
    address: `10.0.0.${name.slice(-1)}`,
    first: name === 'n1',
    reachable: true,
    version: '5.5.0',
    admin: 'alive',
    tm: 'alive',
    daemons: { sshd: 'alive', ftpd: 'alive', pesitd: 'disabled' },
    registered: true,
    taeh: 'same',
    licenses: true,
    tlsOption: 'true',
    cert: { present: true, notAfter: '2027-06-30T00:00:00.000Z', daysLeft: 500 },
    online: true,
    offlineReason: null,
    ...over,
  };
}

const status = (over: Partial<ClusterStatus> = {}): ClusterStatus => ({
  cluster: 'prod',
  checkedAt: '2026-01-01T00:00:00.000Z',
  verdict: 'DEGRADED',
  online: ['n1'],
  nodes: [node('n1'), node('n2', { tm: 'down', online: false, offlineReason: 'TM not running', cert: { present: true, notAfter: '2026-01-11T00:00:00.000Z', daysLeft: 10 } })],
  registered: ['10.0.0.1', '10.0.0.2'],
  registeredVia: 'n1',
  registeredError: null,
  sharedFs: { state: 'shared', detail: 'each of 2 nodes sees the sentinels of all the others' },
  tls: { asked: true, minDaysLeft: 30 },
  minNodes: null,
  reasons: [{ level: 'degraded', node: 'n2', text: 'n2: Offline (TM not running)' }],
  checks: [
    { id: 'st.online', node: 'n2', status: 'fail', detail: 'Offline (tm down)', fix: 'Start it.' },
    { id: 'st.admind-cert', node: 'n2', status: 'warn', detail: 'admind expires on 2026-01-11 (10 days left, fewer than 30)' },
    { id: 'st.installed', node: 'n1', status: 'pass', detail: 'fine' },
  ],
  ...over,
});

describe('renderStatusTable', () => {
  it('renders a row per node, the verdict with its reasons, and what needs attention', () => {
    const text = renderStatusTable(status(), { color: false });
    const lines = text.split('\n');
    expect(lines[2]).toMatch(/^NODE\s+ADDRESS\s+ST\s+VERSION\s+ADMIN\s+TM\s+DAEMONS\s+REGISTERED\s+TAEH\s+LICENSES\s+SSL\s+ADMIND CERT$/);
    expect(lines[3]).toMatch(/^n1 \*\s+10\.0\.0\.1\s+Online\s+5\.5\.0\s+alive\s+alive\s+2 alive, pesitd disabled\s+yes\s+same\s+yes\s+true\s+2027-06-30 \(500 d\)$/);
    expect(lines[4]).toMatch(/^n2\s+10\.0\.0\.2\s+Offline\s+5\.5\.0\s+alive\s+down\s+.*2026-01-11 \(10 d\) !$/);
    expect(text).toContain('DEGRADED  1/2 nodes Online\n  ! n2: Offline (TM not running)\n');
    expect(text).toContain('Cluster.enable.SSL: true (cluster.tls.enabled: true)');
    expect(text).toContain('Registered: 10.0.0.1, 10.0.0.2 (via n1)');
    expect(text).toContain('✖ st.online            n2: Offline (tm down)\n      fix: Start it.');
    expect(text).toContain('! st.admind-cert       n2: admind expires');
    expect(text).not.toContain('n1: fine');
    expect(text).not.toContain('\u001b[');
  });

  it('shows what it could not learn as "?" and says when no Admin listed the cluster', () => {
    const lost = node('n2', { reachable: false, version: null, admin: 'unknown', tm: 'unknown', registered: null, taeh: 'unknown', licenses: null, tlsOption: null, cert: null, online: false });
    const text = renderStatusTable(status({ nodes: [lost], registered: null, registeredVia: null, checks: [], minNodes: 2 }), { color: false });
    // Not reached is not proven Offline: the ST column says "?" too.
    expect(text).toMatch(/^n2\s+10\.0\.0\.2\s+\?(\s+\?){9}$/m);
    expect(text).toContain('Registered: unknown (no Admin answered)');
    expect(text).toContain('1/1 nodes Online, minimum 2');
  });

  it('renders UNKNOWN with the reason it could not look and the listing error', () => {
    const cause = 'admin.password does not log in as admin.user (admin) on n1 (HTTP 401)';
    const text = renderStatusTable(
      status({ verdict: 'UNKNOWN', registered: null, registeredVia: null, registeredError: cause, reasons: [{ level: 'unknown', node: null, text: `the cluster registration could not be read (${cause})` }] }),
      { color: false },
    );
    expect(text).toContain('UNKNOWN  1/2 nodes Online');
    expect(text).toContain(`  ? the cluster registration could not be read (${cause})`);
    expect(text).toContain(`Registered: unknown (${cause})`);
    expect(text).toContain('Shared FS: shared (each of 2 nodes sees the sentinels of all the others)');
  });

  it('colours the verdict only when asked', () => {
    expect(renderStatusTable(status({ verdict: 'BROKEN' }), { color: true })).toContain('\u001b[31m\u001b[1mBROKEN');
  });
});

describe('summaries', () => {
  it('counts live daemons and names the others', () => {
    expect(daemonSummary({ sshd: 'alive', ftpd: 'down', pesitd: 'disabled' })).toBe('1 alive, ftpd down, pesitd disabled');
    expect(daemonSummary({ sshd: 'unknown' })).toBe('?');
  });
  it('marks a certificate that is expiring or expired', () => {
    expect(certSummary(node('n1', { cert: { present: true, notAfter: '2026-01-01T00:00:00.000Z', daysLeft: -3 } }), 30)).toBe('2026-01-01 (-3 d) EXPIRED');
    expect(certSummary(node('n1', { cert: { present: false, notAfter: null, daysLeft: null } }), 30)).toBe('missing');
  });
});
