// The machine's description for RESULTS.md.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';

const safe = (f) => {
  try {
    return f();
  } catch {
    return 'unknown';
  }
};

export function describeMachine() {
  const cpus = os.cpus();
  return {
    cpu: `${cpus[0]?.model ?? 'unknown'} × ${cpus.length}`,
    memory: `${Math.round(os.totalmem() / 2 ** 30)} GiB`,
    os: `${safe(() => readFileSync('/etc/os-release', 'utf8').match(/^PRETTY_NAME="?([^"\n]+)/m)[1])}, kernel ${os.release()}`,
    node: process.version,
    ssh: safe(() => execFileSync('ssh', ['-V'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }) || '').trim() || safe(() => execFileSync('sh', ['-c', 'ssh -V 2>&1'], { encoding: 'utf8' }).trim()),
  };
}

export const loadAverage = () => os.loadavg().map((x) => x.toFixed(2)).join(' ');
