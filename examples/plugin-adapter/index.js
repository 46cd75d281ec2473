// A minimal st-cluster adapter plugin: runs commands on the jump host, with
// every node path placed under a prefix directory. Use it from an answers file:
//   nodes: [{ name: n1, address: 127.0.0.1, adapter: ./examples/plugin-adapter/index.js,
//             options: { prefix: ./plugin-node } }]
// and check it with: st-cluster adapter test examples/plugin-adapter/index.js
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, open, readFile, rename, rm, stat, unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** An Error the engine treats as an AdapterError (it has node and reason). */
function adapterError(node, reason, message) {
  return Object.assign(new Error(message), { node, reason });
}

function run(argv, { cwd, env, stdin, timeoutMs }, node) {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const child = spawn(argv[0], argv.slice(1), { cwd, env: { ...process.env, ...env }, stdio: [stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
    const out = [];
    const err = [];
    let timedOut = false;
    const timer = timeoutMs ? setTimeout(() => ((timedOut = true), child.kill('SIGKILL')), timeoutMs) : undefined;
    child.stdout.on('data', (c) => out.push(c));
    child.stderr.on('data', (c) => err.push(c));
    child.on('error', (error) => {
      clearTimeout(timer);
      // Same answer as a shell for a command that does not exist.
      if (error.code === 'ENOENT') resolve({ exitCode: 127, stdout: '', stderr: `${argv[0]}: command not found\n`, durationMs: Date.now() - started });
      else reject(adapterError(node, 'other', `${node}: ${error.message}`));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (timedOut) return reject(adapterError(node, 'timeout', `${node}: ${argv.join(' ')} timed out after ${timeoutMs} ms`));
      resolve({ exitCode: code ?? 128, stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString(), durationMs: Date.now() - started, signal });
    });
    if (stdin !== undefined) child.stdin.end(stdin);
  });
}

export async function createAdapter(context) {
  const node = context.node.name;
  const setting = context.node.settings.prefix;
  const owned = typeof setting !== 'string';
  const prefix = owned ? await mkdtemp(path.join(tmpdir(), 'plugin-node-')) : path.resolve(context.baseDir, setting);
  await mkdir(prefix, { recursive: true });
  const map = (p) => path.join(prefix, path.posix.resolve('/', p));

  return {
    kind: 'prefixed-local',
    node,
    async exec(argv, options = {}) {
      const { exitCode, stdout, stderr, durationMs } = await run(argv, { ...options, cwd: options.cwd ? map(options.cwd) : prefix }, node);
      return { exitCode, stdout, stderr, durationMs };
    },
    async readFile(p) {
      try {
        return new Uint8Array(await readFile(map(p)));
      } catch (error) {
        // Only a file that is not there is "not-found"; EACCES, EIO … stay errors (could not look).
        if (error.code === 'ENOENT' || error.code === 'ENOTDIR') throw adapterError(node, 'not-found', `${node}: ${p}: no such file`);
        throw error;
      }
    },
    async writeFile(p, data, options = {}) {
      const file = map(p);
      await mkdir(path.dirname(file), { recursive: true });
      const temp = `${file}.tmp-${randomBytes(4).toString('hex')}`;
      const handle = await open(temp, 'wx', 0o600);
      try {
        await handle.chmod(options.mode ?? 0o644);
        await handle.writeFile(data);
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(temp, file);
    },
    async remove(p) {
      await unlink(map(p)).catch((error) => {
        if (error.code !== 'ENOENT') throw error;
      });
    },
    async stat(p) {
      try {
        const s = await stat(map(p));
        return { exists: true, type: s.isFile() ? 'file' : s.isDirectory() ? 'dir' : 'other', mode: s.mode & 0o7777, size: s.size };
      } catch (error) {
        if (error.code === 'ENOENT' || error.code === 'ENOTDIR') return { exists: false };
        throw error;
      }
    },
    async sha256(p) {
      try {
        return createHash('sha256').update(await readFile(map(p))).digest('hex');
      } catch (error) {
        if (error.code === 'ENOENT' || error.code === 'ENOTDIR') return null;
        throw error;
      }
    },
    async close() {
      // A prefix we made ourselves is ours to remove.
      if (owned) await rm(prefix, { recursive: true, force: true });
    },
  };
}
