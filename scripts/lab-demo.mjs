#!/usr/bin/env node
// `npm run lab:demo`: the main job on the built-in lab, start to finish —
// bring up a 3-node rehearsal cluster (its own PostgreSQL), run
// `st-cluster setup --yes` on it, show what runs, and tear it all down.
// Pass --keep to leave the lab up (then: st-cluster lab down --dir DIR), --hosts
// for a lab of real hosts (every node over ssh; needs root, README "A lab of real hosts").
import { spawnSync } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cli = path.join(root, 'bin/st-cluster');
const keep = process.argv.includes('--keep');
const hosts = process.argv.includes('--hosts');
const { labUp, labDown } = await import(path.join(root, 'dist/lab/index.js'));

const dir = path.join(await mkdtemp(path.join(tmpdir(), 'st-cluster-demo-')), 'lab');
const st = (...args) => spawnSync(process.execPath, [cli, ...args], { stdio: 'inherit' }).status ?? 1;

console.log(`Bringing up a 3-node ${hosts ? 'hosts ' : ''}lab in ${dir} …`);
const lab = await labUp({ dir, nodes: 3, hosts });
let status = 1;
try {
  console.log(`Lab up: ${lab.nodes.map((n) => `${n.name} ${n.address}`).join(', ')}; answers in ${lab.answersFile}\n`);
  // Each demo is a new cluster: its journal lives with the lab, not in ~/.st-cluster/lab.
  status = st('setup', '--answers', lab.answersFile, '--yes', '--state-dir', path.join(dir, 'state'));
  if (status === 0) st('lab', 'status', '--dir', dir);
} finally {
  if (keep) console.log(`\nThe lab stays up (--keep). Remove it with: node ${path.relative(process.cwd(), cli)} lab down --dir ${dir}`);
  else {
    await labDown(dir);
    console.log('\nLab removed.');
  }
}
process.exitCode = status;
