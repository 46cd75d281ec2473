import { describe, expect, it } from 'vitest';
import { judgeCluster, nodeOnline, type NodeFacts } from '../../src/day-two/verdict.js';

function node(name: string, index: number, over: Partial<NodeFacts> = {}): NodeFacts {
  return {
    name,
    address: `10.0.0.${index + 1}`,
    first: index === 0,
    reachable: true,
    version: '5.5.0',
    admin: 'alive',
    tm: 'alive',
    daemons: { sshd: 'alive', pesitd: 'disabled' },
    registered: true,
    taeh: 'same',
    licenses: true,
    tlsOption: 'true',
    cert: { present: true, notAfter: '2030-01-01T00:00:00.000Z', daysLeft: 400 },
    ...over,
  };
}

const three = (over: Record<string, Partial<NodeFacts>> = {}): NodeFacts[] => ['n1', 'n2', 'n3'].map((name, i) => node(name, i, over[name]));
const addresses = ['10.0.0.1', '10.0.0.2', '10.0.0.3'];

describe('judgeCluster', () => {
  it('is HEALTHY when every node is Online, registered, with one taeh and one version', () => {
    expect(judgeCluster({ nodes: three(), registered: addresses })).toEqual({ verdict: 'HEALTHY', online: ['n1', 'n2', 'n3'], reasons: [] });
  });

  it('is DEGRADED naming the node whose TM is down', () => {
    const judged = judgeCluster({ nodes: three({ n3: { tm: 'down' } }), registered: addresses });
    expect(judged.verdict).toBe('DEGRADED');
    expect(judged.online).toEqual(['n1', 'n2']);
    expect(judged.reasons).toEqual([{ level: 'degraded', node: 'n3', text: 'n3: Offline (TM not running)' }]);
  });

  it('is DEGRADED when fewer nodes are Online than the minimum, even if none is Offline', () => {
    expect(judgeCluster({ nodes: three(), registered: addresses, minNodes: 3 }).verdict).toBe('HEALTHY');
    const judged = judgeCluster({ nodes: three(), registered: addresses, minNodes: 4 });
    expect(judged.verdict).toBe('DEGRADED');
    expect(judged.reasons).toEqual([{ level: 'degraded', node: null, text: '3 node(s) Online, fewer than the minimum of 4' }]);
  });

  it('is BROKEN naming the node with a different taeh, even when it is Online', () => {
    const judged = judgeCluster({ nodes: three({ n2: { taeh: 'different' } }), registered: addresses });
    expect(judged.verdict).toBe('BROKEN');
    expect(judged.reasons).toEqual([{ level: 'broken', node: 'n2', text: "n2: bin/taeh differs from n1's" }]);
  });

  it('is BROKEN on a version mismatch, against the first node', () => {
    const judged = judgeCluster({ nodes: three({ n3: { version: '5.4.0' } }), registered: addresses });
    expect(judged.verdict).toBe('BROKEN');
    expect(judged.reasons).toEqual([{ level: 'broken', node: 'n3', text: 'n3: SecureTransport 5.4.0, n1 runs 5.5.0' }]);
  });

  it('is BROKEN on registration drift in either direction', () => {
    const stranger = judgeCluster({ nodes: three(), registered: [...addresses, '10.0.0.9'] });
    expect(stranger.verdict).toBe('BROKEN');
    expect(stranger.reasons).toEqual([{ level: 'broken', node: null, text: '10.0.0.9 is registered in the cluster but no node in the answers has that address' }]);
    const missing = judgeCluster({ nodes: three(), registered: addresses.slice(0, 2) });
    expect(missing.reasons).toEqual([{ level: 'broken', node: 'n3', text: 'n3: 10.0.0.3 is not registered in the cluster' }]);
  });

  it('is UNKNOWN when no Admin could list the cluster, even with every node proven Offline: drift is not judged', () => {
    const nodes = three({ n1: { admin: 'down', registered: null }, n2: { admin: 'down', registered: null }, n3: { admin: 'down', registered: null } });
    const judged = judgeCluster({ nodes, registered: null });
    expect(judged.verdict).toBe('UNKNOWN');
    expect(judged.reasons.map((r) => r.text)).toEqual([
      'the cluster registration could not be read (no Admin answered)',
      'n1: Offline (Admin not running)',
      'n2: Offline (Admin not running)',
      'n3: Offline (Admin not running)',
    ]);
  });

  it('is UNKNOWN naming the cause when the listing was refused (wrong admin password, wrong CA)', () => {
    const cause = 'admin.password does not log in as admin.user (admin) on n1 (HTTP 401)';
    const judged = judgeCluster({ nodes: three({ n1: { registered: null }, n2: { registered: null }, n3: { registered: null } }), registered: null, registeredError: cause });
    expect(judged.verdict).toBe('UNKNOWN');
    expect(judged.reasons).toEqual([{ level: 'unknown', node: null, text: `the cluster registration could not be read (${cause})` }]);
  });

  it('an unreachable node is not proven Offline: UNKNOWN, and its unknown facts stay out of the taeh and version judgement', () => {
    const judged = judgeCluster({ nodes: three({ n2: { reachable: false, unreachable: 'ssh: timeout', version: null, taeh: 'unknown', admin: 'unknown', tm: 'unknown' } }), registered: addresses });
    expect(judged.verdict).toBe('UNKNOWN');
    expect(judged.reasons).toEqual([{ level: 'unknown', node: 'n2', text: 'n2: not known whether Online (unreachable: ssh: timeout)' }]);
    expect(judged.online).toEqual(['n1', 'n3']);
  });

  it('is UNKNOWN when a reached node\'s service state or another fact could not be read', () => {
    const tm = judgeCluster({ nodes: three({ n3: { tm: 'unknown' } }), registered: addresses });
    expect(tm.verdict).toBe('UNKNOWN');
    expect(tm.reasons[0]!.text).toBe('n3: not known whether Online (TM state not read)');
    const unread = judgeCluster({ nodes: three({ n2: { unread: ['bin/taeh: EIO'] } }), registered: addresses });
    expect(unread).toMatchObject({ verdict: 'UNKNOWN', reasons: [{ level: 'unknown', node: 'n2', text: 'n2: could not read bin/taeh: EIO' }] });
  });

  it('judges the shared FS: not shared is BROKEN, not proven is UNKNOWN, shared adds nothing', () => {
    expect(judgeCluster({ nodes: three(), registered: addresses, sharedFs: { state: 'shared', detail: 'ok' } }).verdict).toBe('HEALTHY');
    expect(judgeCluster({ nodes: three(), registered: addresses, sharedFs: { state: 'not-shared', detail: "n2 does not see n1's sentinel" } }).verdict).toBe('BROKEN');
    expect(judgeCluster({ nodes: three(), registered: addresses, sharedFs: { state: 'unknown', detail: 'n2 cannot write' } }).verdict).toBe('UNKNOWN');
  });

  it('BROKEN outranks UNKNOWN, which outranks DEGRADED', () => {
    const all = three({ n1: { taeh: 'different' }, n2: { reachable: false, admin: 'unknown', tm: 'unknown', taeh: 'unknown' }, n3: { tm: 'down' } });
    expect(judgeCluster({ nodes: all, registered: addresses }).verdict).toBe('BROKEN');
    const noBreak = three({ n2: { reachable: false, admin: 'unknown', tm: 'unknown', taeh: 'unknown' }, n3: { tm: 'down' } });
    const judged = judgeCluster({ nodes: noBreak, registered: addresses });
    expect(judged.verdict).toBe('UNKNOWN');
    expect(judged.reasons.map((r) => r.level)).toEqual(['unknown', 'degraded']);
  });

  it('a minimum that nodes not known could make up is UNKNOWN; one they cannot is DEGRADED', () => {
    const nodes = three({ n2: { reachable: false, admin: 'unknown', tm: 'unknown', taeh: 'unknown' }, n3: { tm: 'down' } });
    expect(judgeCluster({ nodes, registered: addresses, minNodes: 2 }).reasons.at(-1)).toEqual({ level: 'unknown', node: null, text: '1 node(s) proven Online, 1 not known: the minimum of 2 is not proven' });
    expect(judgeCluster({ nodes, registered: addresses, minNodes: 3 }).reasons.at(-1)).toEqual({ level: 'degraded', node: null, text: '1 node(s) Online, fewer than the minimum of 3' });
  });

  it('lists every reason when a cluster is both BROKEN and DEGRADED', () => {
    const judged = judgeCluster({ nodes: three({ n2: { taeh: 'different' }, n3: { admin: 'down', tm: 'down' } }), registered: addresses });
    expect(judged.verdict).toBe('BROKEN');
    expect(judged.reasons.map((r) => r.level)).toEqual(['broken', 'degraded']);
    expect(judged.reasons[1]!.text).toBe('n3: Offline (Admin and TM not running)');
  });
});

describe('nodeOnline', () => {
  it('says why a node is Offline', () => {
    expect(nodeOnline(node('a', 1))).toEqual({ online: true, reason: null });
    // A node listed but not installed yet is pointed at add-node (the first node at setup), never at an uninstall.
    expect(nodeOnline(node('a', 1, { version: null, taeh: 'missing', admin: 'down', tm: 'down' }))).toEqual({ online: false, reason: 'not installed yet — st-cluster add-node --node a' });
    expect(nodeOnline(node('a', 1, { reachable: false }))).toEqual({ online: false, reason: 'unreachable' });
  });
});
