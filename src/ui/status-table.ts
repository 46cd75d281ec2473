// Human rendering of `st-cluster status`: one row per node, then the cluster
// verdict with its reasons, then the checks that need attention.
import { Chalk } from 'chalk';
import type { ClusterStatus, NodeStatus } from '../day-two/status.js';
import type { ServiceState } from '../day-two/verdict.js';

export interface StatusTableOptions {
  color: boolean;
}

const HEADERS = ['NODE', 'ADDRESS', 'ST', 'VERSION', 'ADMIN', 'TM', 'DAEMONS', 'REGISTERED', 'TAEH', 'LICENSES', 'SSL', 'ADMIND CERT'] as const;

const yesNo = (value: boolean | null): string => (value === null ? '?' : value ? 'yes' : 'no');
const service = (state: ServiceState): string => (state === 'unknown' ? '?' : state);

export function daemonSummary(daemons: Record<string, ServiceState>): string {
  const entries = Object.entries(daemons);
  if (entries.every(([, s]) => s === 'unknown')) return '?';
  const alive = entries.filter(([, s]) => s === 'alive').length;
  const others = entries.filter(([, s]) => s !== 'alive').map(([name, s]) => `${name} ${service(s)}`);
  return [`${alive} alive`, ...others].join(', ');
}

export function certSummary(node: NodeStatus, minDaysLeft: number): string {
  if (!node.cert) return '?';
  if (!node.cert.present) return 'missing';
  if (node.cert.notAfter === null || node.cert.daysLeft === null) return 'present';
  const flag = node.cert.daysLeft < 0 ? ' EXPIRED' : node.cert.daysLeft < minDaysLeft ? ' !' : '';
  return `${node.cert.notAfter.slice(0, 10)} (${node.cert.daysLeft} d)${flag}`;
}

function row(node: NodeStatus, status: ClusterStatus): string[] {
  return [
    node.first ? `${node.name} *` : node.name,
    node.address,
    // Not reached, or its services not read: neither Online nor proven Offline.
    node.online ? 'Online' : !node.reachable || node.admin === 'unknown' || node.tm === 'unknown' ? '?' : 'Offline',
    node.version ?? '?',
    node.reachable ? service(node.admin) : '?',
    node.reachable ? service(node.tm) : '?',
    node.reachable ? daemonSummary(node.daemons) : '?',
    yesNo(node.registered),
    node.taeh === 'unknown' ? '?' : node.taeh,
    yesNo(node.licenses),
    node.tlsOption ?? '?',
    certSummary(node, status.tls.minDaysLeft),
  ];
}

export function renderStatusTable(status: ClusterStatus, options: StatusTableOptions): string {
  const chalk = new Chalk({ level: options.color ? 1 : 0 });
  const rows = [[...HEADERS], ...status.nodes.map((n) => row(n, status))];
  const widths = HEADERS.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  const lines = rows.map((r, index) => {
    const text = r.map((cell, i) => cell.padEnd(widths[i]!)).join('  ').trimEnd();
    return index === 0 ? chalk.bold(text) : text;
  });
  const paint = { HEALTHY: chalk.green.bold, DEGRADED: chalk.yellow.bold, BROKEN: chalk.red.bold, UNKNOWN: chalk.magenta.bold }[status.verdict];
  const out = [`st-cluster status: cluster ${status.cluster}, ${status.checkedAt}  (* first node)`, '', ...lines, ''];
  const threshold = status.minNodes !== null ? `, minimum ${status.minNodes}` : '';
  out.push(`${paint(status.verdict)}  ${status.online.length}/${status.nodes.length} nodes Online${threshold}`);
  const mark = { broken: chalk.red('✖'), degraded: chalk.yellow('!'), unknown: chalk.magenta('?') };
  for (const reason of status.reasons) out.push(`  ${mark[reason.level]} ${reason.text}`);
  const wanted = String(status.tls.asked);
  const ssl = [...new Set(status.nodes.map((n) => n.tlsOption).filter((v): v is string => v !== null))];
  out.push(`Cluster.enable.SSL: ${ssl.join(', ') || '?'} (cluster.tls.enabled: ${wanted})`);
  const registered = status.registered === null ? `unknown (${status.registeredError ?? 'no Admin answered'})` : `${status.registered.join(', ') || 'none'} (via ${status.registeredVia})`;
  out.push(`Registered: ${registered}`);
  if (status.sharedFs) out.push(`Shared FS: ${status.sharedFs.state} (${status.sharedFs.detail})`);
  const attention = status.checks.filter((c) => c.status === 'fail' || c.status === 'warn');
  if (attention.length > 0) {
    out.push('', 'Checks that need attention:');
    for (const check of attention) {
      out.push(`  ${check.status === 'fail' ? chalk.red('✖') : chalk.yellow('!')} ${check.id.padEnd(20)} ${check.node ? `${check.node}: ` : ''}${check.detail}`);
      if (check.fix) out.push(chalk.dim(`      fix: ${check.fix}`));
    }
  }
  return `${out.join('\n')}\n`;
}
