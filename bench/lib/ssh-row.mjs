// Row 3: 20 commands on one node through the ssh adapter, with its shared
// connection (ControlMaster) and without. The adapter has no switch to turn
// multiplexing off, so "without" runs the same ssh command line the adapter
// builds (planSsh: same options, key, known_hosts, same quoting, same process
// runner) minus ControlMaster/ControlPath: one TCP connection and handshake per command.
import { performance } from 'node:perf_hooks';

export async function sshRow({ dist, sshd, commands = 20, reps = 3 }) {
  const { createSshAdapter } = await import(`${dist}/adapters/ssh.js`);
  const { planSsh } = await import(`${dist}/adapters/ssh-args.js`);
  const { remoteCommand } = await import(`${dist}/adapters/ssh-quote.js`);
  const { runProcess } = await import(`${dist}/adapters/run-process.js`);
  const settings = { host: sshd.host, port: sshd.port, user: sshd.user, identityFile: sshd.identityFile, knownHostsFile: sshd.knownHostsFile };
  const runtime = { configFile: 'none' };
  const argv = ['true'];

  async function withMux() {
    const adapter = createSshAdapter({ node: 'bench', address: sshd.host, settings, baseDir: process.cwd(), runtime });
    const t = performance.now();
    try {
      // The first command opens the master: its handshake is part of the cost.
      for (let i = 0; i < commands; i++) {
        const r = await adapter.exec(argv);
        if (r.exitCode !== 0) throw new Error(`ssh (multiplexed) exit ${r.exitCode}: ${r.stderr}`);
      }
      return performance.now() - t;
    } finally {
      await adapter.close();
    }
  }

  async function withoutMux() {
    const plan = planSsh('bench', sshd.host, settings, process.cwd(), runtime);
    const t = performance.now();
    for (let i = 0; i < commands; i++) {
      const r = await runProcess([plan.ssh, ...plan.args, '-o', 'ControlMaster=no', '-o', 'ControlPath=none', '--', plan.destination, remoteCommand(argv)], {});
      if (r.exitCode !== 0) throw new Error(`ssh (plain) exit ${r.exitCode}: ${r.stderr}`);
    }
    return performance.now() - t;
  }

  const on = [];
  const off = [];
  await withMux(); // warm-up: page cache, sshd's first fork
  for (let i = 0; i < reps; i++) {
    on.push(await withMux());
    off.push(await withoutMux());
  }
  return { on, off };
}
