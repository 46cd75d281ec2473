import { AdapterError } from './types.js';

export interface SshTarget {
  node: string;
  host: string;
  port: number;
  user?: string;
  /** As given to ssh, or undefined for ~/.ssh/known_hosts. */
  knownHostsFile?: string;
  connectTimeout: number;
  /** Set when this target is the ProxyJump bastion of the node: errors name the bastion. */
  bastion?: boolean;
}

export const hostSpec = (host: string, port: number): string => (port === 22 ? host : `[${host}]:${port}`);

const KEYSCAN_TYPE: Record<string, string> = { 'ssh-ed25519': 'ed25519', 'ssh-rsa': 'rsa', 'ssh-dss': 'dsa' };
const keyscanType = (algorithm: string): string => KEYSCAN_TYPE[algorithm] ?? (algorithm.startsWith('ecdsa') ? 'ecdsa' : algorithm.startsWith('rsa') ? 'rsa' : algorithm);

/** From "ssh -v": "debug1: Server host key: ssh-ed25519 SHA256:…". */
export function serverHostKey(stderr: string): { algorithm: string; fingerprint: string } | undefined {
  const match = /Server host key: (\S+) (SHA256:\S+)/.exec(stderr);
  return match ? { algorithm: match[1]!, fingerprint: match[2]! } : undefined;
}

const messageLines = (stderr: string): string =>
  stderr
    .split(/\r?\n/)
    .filter((line) => line.trim() !== '' && !/^(debug\d|OpenSSH_|Pseudo-terminal)/.test(line))
    .join('\n');

// What ssh itself prints when the connection under a running command breaks.
const DROPPED = /Connection closed by|Connection to \S+ closed by remote host|Broken pipe|client_loop: send disconnect|Connection reset by|packet_write_wait|Timeout, server \S+ not responding|read from master failed|mux_client_read_packet|Connection to \S+ closed/;

/** The mux client found no master behind the control socket: no session was opened, the command never started. */
export const masterGone = (stderr: string): boolean => /Control socket connect\(.*\): (No such file or directory|Connection refused)/.test(stderr);

const lastLine = (text: string): string => text.split('\n').pop() ?? '';

/** A command's connection broke (the master is gone): never the command's own exit 255. */
export function connectionLost(target: SshTarget, argv: readonly string[], stderr: string): AdapterError {
  const said = messageLines(stderr).split('\n').filter((line) => DROPPED.test(line)).pop() ?? 'the ssh connection ended';
  const where = `${target.user ? `${target.user}@` : ''}${target.host}:${target.port}`;
  return new AdapterError(
    target.node,
    'unreachable',
    `${target.node} is unreachable: the SSH connection to ${where} was lost while "${argv.join(' ')}" ran (${said.trim()}); it may still be running there`,
    `Check that ${target.node} is up and reachable, then run again with --resume: the step judges what the command did by its evidence.`,
    true,
  );
}

/** Maps an ssh connection failure (exit 255) to an AdapterError with its own fix, or undefined when it is not one. */
export function classifySshFailure(target: SshTarget, stderr: string): AdapterError | undefined {
  const text = messageLines(stderr);
  const { node, host, port } = target;
  const where = `${target.user ? `${target.user}@` : ''}${host}:${port}`;
  // A bastion's failure names the bastion: the node behind it was never reached.
  const at = target.bastion ? `${node}: bastion ${host}:` : `${node}:`;
  const knownHosts = target.knownHostsFile ?? '~/.ssh/known_hosts';
  const key = serverHostKey(stderr);
  const shown = key ? `${key.algorithm} ${key.fingerprint}` : 'fingerprint not reported';
  const scan = `ssh-keyscan -p ${port}${key ? ` -t ${keyscanType(key.algorithm)}` : ''} ${host} >> ${knownHosts}`;
  const settings = target.bastion ? `ssh.proxyJump of ${node}` : `the ssh settings of ${node}`;
  if (/REMOTE HOST IDENTIFICATION HAS CHANGED/.test(text)) {
    return new AdapterError(
      node,
      'host-key',
      `${at} the SSH host key of ${hostSpec(host, port)} has CHANGED (now ${shown}); refusing to connect (possible man-in-the-middle, or the ${target.bastion ? 'bastion' : 'node'} was reinstalled)`,
      `Ask the ${target.bastion ? 'bastion' : "node"}'s administrator whether the key changed. Only if it did: ssh-keygen -R '${hostSpec(host, port)}' -f ${knownHosts} && ${scan}`,
    );
  }
  if (/Host key verification failed|host key is known for/.test(text)) {
    return new AdapterError(
      node,
      'host-key',
      `${at} the SSH host key of ${hostSpec(host, port)} is not known (${shown}); strict host key checking refused it`,
      `Compare ${shown} with the key on ${target.bastion ? `the bastion ${host}` : 'the node'} (ssh-keygen -lf /etc/ssh/ssh_host_*_key.pub), then trust it: ${scan}  — or rerun with --accept-new-host-keys to trust keys seen for the first time.`,
    );
  }
  if (/Connection refused/.test(text)) {
    return new AdapterError(node, 'connection-refused', `${at} connection to ${where} refused`, `Nothing listens on ${host}:${port}: start sshd there, or correct ${settings} (port, address) in the answers file.`);
  }
  if (/timed out|Connection timed out/i.test(text)) {
    return new AdapterError(node, 'timeout', `${at} SSH to ${where} timed out (${target.connectTimeout} s)`, `Check the address, firewalls and ssh.proxyJump for ${node}, or raise ssh.connectTimeout.`);
  }
  if (/Permission denied|Too many authentication failures|Authentication failed|no mutual signature/.test(text)) {
    return new AdapterError(
      node,
      'auth',
      `${at} SSH authentication as ${where} failed`,
      `Check ${target.bastion ? `the user and identityFile of ${settings}` : `ssh.user and ssh.identityFile for ${node}`}, and that the public key is in the user's ~/.ssh/authorized_keys on ${target.bastion ? `the bastion ${host}` : 'the node'} (no password prompts are used).`,
    );
  }
  if (/Could not resolve hostname|No route to host|Network is unreachable|Name or service not known/.test(text)) {
    return new AdapterError(node, 'unreachable', `${at} ${host} is unreachable: ${lastLine(text)}`, `Check the address of ${target.bastion ? `the bastion ${host}` : node} (DNS, routes) or ssh.proxyJump.`);
  }
  if (DROPPED.test(text) || /^(ssh|kex_exchange_identification|Connection closed|Connection reset|mux_client|Control socket|channel \d+: open failed|stdio forwarding failed)/m.test(text)) {
    return new AdapterError(node, 'unreachable', `${at} SSH to ${where} failed: ${lastLine(text)}`, `Run "ssh -v -p ${port} ${where.split(':')[0]}" from the jump host to see why.`);
  }
  return undefined;
}
