import { AdapterError } from './types.js';

export interface SshTarget {
  node: string;
  host: string;
  port: number;
  user?: string;
  /** As given to ssh, or undefined for ~/.ssh/known_hosts. */
  knownHostsFile?: string;
  connectTimeout: number;
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

/** Maps an ssh transport failure (exit 255) to an AdapterError with its own fix, or undefined when it is not one. */
export function classifySshFailure(target: SshTarget, stderr: string): AdapterError | undefined {
  const text = messageLines(stderr);
  const { node, host, port } = target;
  const where = `${target.user ? `${target.user}@` : ''}${host}:${port}`;
  const knownHosts = target.knownHostsFile ?? '~/.ssh/known_hosts';
  const key = serverHostKey(stderr);
  const shown = key ? `${key.algorithm} ${key.fingerprint}` : 'fingerprint not reported';
  const scan = `ssh-keyscan -p ${port}${key ? ` -t ${keyscanType(key.algorithm)}` : ''} ${host} >> ${knownHosts}`;
  if (/REMOTE HOST IDENTIFICATION HAS CHANGED/.test(text)) {
    return new AdapterError(
      node,
      'host-key',
      `${node}: the SSH host key of ${hostSpec(host, port)} has CHANGED (now ${shown}); refusing to connect (possible man-in-the-middle, or the node was reinstalled)`,
      `Ask the node's administrator whether the key changed. Only if it did: ssh-keygen -R '${hostSpec(host, port)}' -f ${knownHosts} && ${scan}`,
    );
  }
  if (/Host key verification failed|host key is known for/.test(text)) {
    return new AdapterError(
      node,
      'host-key',
      `${node}: the SSH host key of ${hostSpec(host, port)} is not known (${shown}); strict host key checking refused it`,
      `Compare ${shown} with the key on the node (ssh-keygen -lf /etc/ssh/ssh_host_*_key.pub), then trust it: ${scan}  — or rerun with --accept-new-host-keys to trust keys seen for the first time.`,
    );
  }
  if (/Connection refused/.test(text)) {
    return new AdapterError(node, 'connection-refused', `${node}: connection to ${where} refused`, `Nothing listens on ${host}:${port}: start sshd on ${node}, or correct ssh.port / address in the answers file.`);
  }
  if (/timed out|Connection timed out/i.test(text)) {
    return new AdapterError(
      node,
      'timeout',
      `${node}: SSH to ${where} timed out (${target.connectTimeout} s)`,
      `Check the address, firewalls and ssh.proxyJump for ${node}, or raise ssh.connectTimeout.`,
    );
  }
  if (/Permission denied|Too many authentication failures|Authentication failed|no mutual signature/.test(text)) {
    return new AdapterError(
      node,
      'auth',
      `${node}: SSH authentication as ${where} failed`,
      `Check ssh.user and ssh.identityFile for ${node}, and that the public key is in the user's ~/.ssh/authorized_keys on the node (no password prompts are used).`,
    );
  }
  if (/Could not resolve hostname|No route to host|Network is unreachable|Name or service not known/.test(text)) {
    return new AdapterError(node, 'unreachable', `${node}: ${host} is unreachable: ${text.split('\n').pop() ?? ''}`, `Check the address of ${node} (DNS, routes) or ssh.proxyJump.`);
  }
  if (/^(ssh|kex_exchange_identification|Connection closed|Connection reset|mux_client|Control socket)/m.test(text)) {
    return new AdapterError(node, 'other', `${node}: SSH to ${where} failed: ${text.split('\n').pop() ?? ''}`, `Run "ssh -v -p ${port} ${where.split(':')[0]}" from the jump host to see why.`);
  }
  return undefined;
}
