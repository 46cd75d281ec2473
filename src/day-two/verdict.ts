// The cluster verdict of `st-cluster status`, as a pure function of what was
// observed. docs/st-facts.md "Status": a node is Online when reachable and both Admin
// and TM run. BROKEN is what a restart cannot fix (taeh, version, registration,
// a file system that is not shared); DEGRADED is what a restart may fix (a node
// proven Offline, too few nodes Online); UNKNOWN is a fact that could not be read
// (a node not reached, a registration not listed, a probe that failed): status
// never guesses. BROKEN > UNKNOWN > DEGRADED > HEALTHY — a proven break is worth
// saying even when something else could not be read.

export type Verdict = 'HEALTHY' | 'DEGRADED' | 'BROKEN' | 'UNKNOWN';
export type ServiceState = 'alive' | 'down' | 'disabled' | 'unknown';

export interface NodeFacts {
  name: string;
  address: string;
  first: boolean;
  reachable: boolean;
  /** Why the node could not be reached, when it could not. */
  unreachable?: string;
  /** Installed SecureTransport version, null when not installed or not known. */
  version: string | null;
  admin: ServiceState;
  tm: ServiceState;
  /** Protocol daemons by script name (sshd, ftpd, …). */
  daemons: Record<string, ServiceState>;
  /** Listed by cluster management; null when no Admin could tell. */
  registered: boolean | null;
  /** bin/taeh compared with the first node's: never the bytes, only the checksum. */
  taeh: 'same' | 'different' | 'missing' | 'unknown';
  /** Core and features license files match the answers' files; null when not known. */
  licenses: boolean | null;
  /** Cluster.enable.SSL as this node's Admin reads it. */
  tlsOption: string | null;
  cert: { present: boolean; notAfter: string | null; daysLeft: number | null } | null;
  /** Facts of a reached node that could not be read, each "what: cause" (e.g. "TM pid file: EACCES"). */
  unread?: string[];
}

export interface Reason {
  level: 'broken' | 'degraded' | 'unknown';
  node: string | null;
  text: string;
}

export interface VerdictInput {
  nodes: readonly NodeFacts[];
  /** Every address cluster management lists, or null when no Admin answered. */
  registered: readonly string[] | null;
  /** Fewer Online nodes than this is DEGRADED (ST's minimum-nodes notification). */
  minNodes?: number;
  /** Why the registration could not be listed, when `registered` is null. */
  registeredError?: string;
  /** The fs.shared sentinel probe; absent when it was not run. */
  sharedFs?: { state: 'shared' | 'not-shared' | 'unknown'; detail: string };
}

export interface Judgement {
  verdict: Verdict;
  online: string[];
  reasons: Reason[];
}

export function nodeOnline(node: NodeFacts): { online: boolean; reason: string | null } {
  if (!node.reachable) return { online: false, reason: `unreachable${node.unreachable ? `: ${node.unreachable}` : ''}` };
  if (node.version === null && node.taeh === 'missing') return { online: false, reason: `not installed yet — ${node.first ? 'st-cluster setup' : `st-cluster add-node --node ${node.name}`}` };
  const down = [node.admin !== 'alive' ? 'Admin' : null, node.tm !== 'alive' ? 'TM' : null].filter((s): s is string => s !== null);
  if (down.length === 0) return { online: true, reason: null };
  return { online: false, reason: `${down.join(' and ')} not running` };
}

export function judgeCluster(input: VerdictInput): Judgement {
  const reasons: Reason[] = [];
  const say = (level: Reason['level']) => (node: string | null, text: string): void => {
    reasons.push({ level, node, text });
  };
  const broken = say('broken');
  const degraded = say('degraded');
  const unknown = say('unknown');
  const first = input.nodes.find((n) => n.first) ?? input.nodes[0];

  for (const node of input.nodes) {
    if (node.taeh === 'different') broken(node.name, `${node.name}: bin/taeh differs from ${first?.name ?? 'the first node'}'s`);
  }

  const reference = first?.version ?? input.nodes.find((n) => n.version !== null)?.version ?? null;
  const referenceNode = first?.version ? first.name : input.nodes.find((n) => n.version !== null)?.name;
  for (const node of input.nodes) {
    if (node.version !== null && reference !== null && node.version !== reference) {
      broken(node.name, `${node.name}: SecureTransport ${node.version}, ${referenceNode} runs ${reference}`);
    }
  }

  if (input.registered !== null) {
    const known = new Set(input.nodes.map((n) => n.address));
    for (const address of input.registered) {
      if (!known.has(address)) broken(null, `${address} is registered in the cluster but no node in the answers has that address`);
    }
    for (const node of input.nodes) {
      if (!input.registered.includes(node.address)) broken(node.name, `${node.name}: ${node.address} is not registered in the cluster`);
    }
  } else {
    unknown(null, `the cluster registration could not be read${input.registeredError ? ` (${input.registeredError})` : ' (no Admin answered)'}`);
  }

  if (input.sharedFs?.state === 'not-shared') broken(null, `shared file system not shared: ${input.sharedFs.detail}`);
  if (input.sharedFs?.state === 'unknown') unknown(null, `shared file system not proven shared: ${input.sharedFs.detail}`);

  const online: string[] = [];
  let notKnown = 0;
  for (const node of input.nodes) {
    for (const fact of node.unread ?? []) unknown(node.name, `${node.name}: could not read ${fact}`);
    const state = nodeOnline(node);
    if (state.online) online.push(node.name);
    // Not reached is not proven Offline: its services may well run, only this jump host cannot see them.
    else if (!node.reachable) {
      notKnown++;
      unknown(node.name, `${node.name}: not known whether Online (${state.reason})`);
    } else if (node.admin === 'unknown' || node.tm === 'unknown') {
      notKnown++;
      unknown(node.name, `${node.name}: not known whether Online (${[node.admin === 'unknown' ? 'Admin' : null, node.tm === 'unknown' ? 'TM' : null].filter(Boolean).join(' and ')} state not read)`);
    } else degraded(node.name, `${node.name}: Offline (${state.reason})`);
  }
  if (input.minNodes !== undefined && online.length < input.minNodes) {
    if (online.length + notKnown >= input.minNodes) unknown(null, `${online.length} node(s) proven Online, ${notKnown} not known: the minimum of ${input.minNodes} is not proven`);
    else degraded(null, `${online.length} node(s) Online, fewer than the minimum of ${input.minNodes}`);
  }

  const has = (level: Reason['level']): boolean => reasons.some((r) => r.level === level);
  const verdict: Verdict = has('broken') ? 'BROKEN' : has('unknown') ? 'UNKNOWN' : has('degraded') ? 'DEGRADED' : 'HEALTHY';
  return { verdict, online, reasons };
}
