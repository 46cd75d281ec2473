// Row 3: the same 20 read-only commands on every node of a hosts lab (each node
// its own host and sshd), through st-cluster's ssh adapter (fanout-st.mjs) and
// through Ansible ad hoc (`ansible all -m command -a CMD -f FORKS`, one run per
// command) at forks 5 (its default) and 16. Same operator key, same prefilled
// known_hosts with strict checking, ControlPersist on for both; Ansible also gets
// pipelining (no module file copy: its fastest documented mode). Every variant
// starts cold: no control masters left from the one before.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, openSync, closeSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { median, ms } from './stats.mjs';

const FANOUT_ST = fileURLToPath(new URL('./fanout-st.mjs', import.meta.url));
export const COMMANDS = [
  'uname -r', 'hostname', 'id -u', 'cat /etc/os-release', 'df -P /', 'date +%s', 'nproc', 'cat /proc/loadavg',
  'ls /opt', 'test -d /tmp', 'stat -c %s /etc/hosts', 'getent hosts localhost', 'whoami', 'cat /proc/meminfo',
  'sha256sum /etc/hostname', 'cat /etc/hostname', 'printenv PATH', 'ls -l /etc/ssh', 'cat /proc/uptime', 'true',
];

/** Runs argv with stdout/stderr to a file and resolves on exit: a ControlPersist master inherits and keeps the pipes. */
function runToFile(argv, { env, logFile }) {
  return new Promise((resolve, reject) => {
    const fd = openSync(logFile, 'a');
    const t0 = performance.now();
    const child = spawn(argv[0], argv.slice(1), { env, stdio: ['ignore', fd, fd] });
    closeSync(fd);
    child.once('error', reject);
    child.once('exit', (code, signal) => resolve({ code: code ?? signal, wallMs: performance.now() - t0 }));
  });
}

async function exitMasters(dir) {
  for (const sock of readdirSync(dir)) {
    await runToFile(['ssh', '-o', `ControlPath=${path.join(dir, sock)}`, '-O', 'exit', 'x'], { logFile: '/dev/null' });
  }
}

async function ansible({ info, forks, work }) {
  const cp = mkdtempSync(path.join(work, `cp-f${forks}-`));
  const h = info.hosts;
  const inventory = path.join(work, 'inventory.ini');
  const args = `-o UserKnownHostsFile=${h.knownHostsFile} -o StrictHostKeyChecking=yes -o ControlMaster=auto -o ControlPersist=60s`;
  writeFileSync(inventory, ['[all]', ...info.nodes.map((n) => n.address), '[all:vars]', `ansible_user=${h.operator}`, `ansible_ssh_private_key_file=${h.identityFile}`, `ansible_ssh_common_args=${args}`, ''].join('\n'));
  const env = { ...process.env, ANSIBLE_PIPELINING: 'True', ANSIBLE_PYTHON_INTERPRETER: '/usr/bin/python3', ANSIBLE_SSH_CONTROL_PATH_DIR: cp, ANSIBLE_NOCOLOR: '1', ANSIBLE_HOST_KEY_CHECKING: 'True', ANSIBLE_LOCAL_TEMP: path.join(work, 'ansible-tmp') };
  const logFile = path.join(work, `ansible-f${forks}.log`);
  const t0 = performance.now();
  try {
    for (const command of COMMANDS) {
      const r = await runToFile(['ansible', 'all', '-i', inventory, '-m', 'command', '-a', command, '-f', String(forks)], { env, logFile });
      if (r.code !== 0) throw new Error(`ansible -a '${command}' -f ${forks} exited ${r.code}:\n${readFileSync(logFile, 'utf8').split('\n').slice(-10).join('\n')}`);
    }
    return performance.now() - t0;
  } finally {
    await exitMasters(cp);
  }
}

async function stCluster({ dist, info, work }) {
  const logFile = path.join(work, 'st-cluster.log');
  const commands = JSON.stringify(COMMANDS.map((c) => c.split(' ')));
  const r = await runToFile([process.execPath, FANOUT_ST, dist, info.answersFile, '16', commands], { env: process.env, logFile });
  if (r.code !== 0) throw new Error(`st-cluster fan-out exited ${r.code}:\n${readFileSync(logFile, 'utf8').split('\n').slice(-10).join('\n')}`);
  return r.wallMs;
}

/** A hosts lab for rows 3 and 5 (ssh): {info, work, down}; needs root. */
export async function openHostsLab({ dist, nodes, log }) {
  const { labUp, labDown } = await import(`${dist}/lab/index.js`);
  const work = mkdtempSync(path.join(tmpdir(), 'st-bench-hosts-'));
  const dir = path.join(work, 'lab');
  const t = performance.now();
  const info = await labUp({ dir, nodes, hosts: true });
  log(`hosts lab of ${nodes} nodes up in ${ms(performance.now() - t)} (${info.hosts.subnet})`);
  return {
    info,
    work,
    /** The lab's first node as the ssh row's server: its own sshd, the lab's operator account and key. */
    sshd: { host: info.nodes[0].address, port: 22, user: info.hosts.operator, identityFile: info.hosts.identityFile, knownHostsFile: info.hosts.knownHostsFile },
    async down() {
      await labDown(dir).catch((e) => log(`lab down: ${e.message}`));
      rmSync(work, { recursive: true, force: true });
    },
  };
}

export async function ansibleRow({ dist, lab, reps = 1, log }) {
  const { info, work } = lab;
  const nodes = info.nodes.length;
  const times = { st: [], f5: [], f16: [] };
  await stCluster({ dist, info, work }); // warm-up: page cache, every sshd's first fork
  for (let i = 0; i < reps; i++) {
    times.st.push(await stCluster({ dist, info, work }));
    log(`st-cluster ssh adapter: ${ms(times.st.at(-1))}`);
    times.f16.push(await ansible({ info, forks: 16, work }));
    log(`ansible -f 16: ${ms(times.f16.at(-1))}`);
    times.f5.push(await ansible({ info, forks: 5, work }));
    log(`ansible -f 5: ${ms(times.f5.at(-1))}`);
  }
  const m = { st: median(times.st), f5: median(times.f5), f16: median(times.f16) };
  return { nodes, commands: COMMANDS.length, reps, median: m, vs16: m.f16 / m.st, vs5: m.f5 / m.st, ansibleVersion: ansibleVersion() };
}

function ansibleVersion() {
  try {
    return execFileSync('ansible', ['--version'], { encoding: 'utf8' }).split('\n')[0].trim();
  } catch {
    return 'ansible (version unknown)';
  }
}
