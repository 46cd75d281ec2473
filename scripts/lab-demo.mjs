#!/usr/bin/env node
// `npm run lab:demo`: the main job on the built-in lab, start to finish —
// bring up a 3-node rehearsal cluster (its own PostgreSQL), run
// `st-cluster setup --yes` on it, show what runs, and tear it all down.
// Pass --keep to leave the lab up (then: st-cluster lab down --dir DIR), --hosts
// for a lab of real hosts (every node over ssh; needs root, README "A lab of real hosts").
// A failed setup keeps the lab, so the advice setup prints (--resume) still holds.
import { spawnSync } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cli = path.join(root, 'bin/st-cluster');
const keep = process.argv.includes('--keep');
const hosts = process.argv.includes('--hosts');
const NODES = 3;
const ADMIN_PORT = 8444;
const { labUp, labDown } = await import(path.join(root, 'dist/lab/index.js'));

/** True when every node address of this base can listen on the Admin port: no other lab holds it. */
const canListen = (address) =>
  new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(ADMIN_PORT, address, () => server.close(() => resolve(true)));
  });
async function freeAddressBase() {
  for (let attempt = 0; attempt < 50; attempt++) {
    const base = attempt === 0 ? [127, 0, 0, 10] : [127, 20 + Math.floor(Math.random() * 230), Math.floor(Math.random() * 250), 10];
    const addresses = Array.from({ length: NODES }, (_, i) => [...base.slice(0, 3), base[3] + i + 1].join('.'));
    if ((await Promise.all(addresses.map(canListen))).every(Boolean)) return base.join('.');
  }
  throw new Error(`no free loopback addresses for ${NODES} nodes on port ${ADMIN_PORT} after 50 tries`);
}

// The lab dir is the temp dir itself: lab down removes all of it.
const dir = await mkdtemp(path.join(tmpdir(), 'st-cluster-demo-'));
const st = (...args) => spawnSync(process.execPath, [cli, ...args], { stdio: 'inherit' }).status ?? 1;
const relCli = path.relative(process.cwd(), cli);

console.log(`Bringing up a ${NODES}-node ${hosts ? 'hosts ' : ''}lab in ${dir} …`);
const lab = await labUp({ dir, nodes: NODES, hosts, ...(hosts ? {} : { addressBase: await freeAddressBase() }) });
let status = 1;
try {
  console.log(`Lab up: ${lab.nodes.map((n) => `${n.name} ${n.address}`).join(', ')}; answers in ${lab.answersFile}\n`);
  // The lab's answers keep the journal inside the lab dir (cluster.stateDir), never in ~/.st-cluster.
  status = st('setup', '--answers', lab.answersFile, '--yes');
  if (status === 0) st('lab', 'status', '--dir', dir);
} finally {
  if (keep || status !== 0) {
    if (status !== 0) console.log(`\nThe setup did not finish: the lab stays up, so you can look, fix and resume with: node ${relCli} setup --answers ${lab.answersFile} --yes --resume`);
    console.log(`${keep ? '\nThe lab stays up (--keep). ' : ''}Remove it with: node ${relCli} lab down --dir ${dir}`);
  } else {
    await labDown(dir);
    console.log('\nLab removed.');
  }
}
process.exitCode = status;
