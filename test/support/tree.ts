// Byte-for-byte snapshots of a directory tree (dry-run must leave none changed).
import { createHash } from 'node:crypto';
import { lstat, readdir, readFile, readlink } from 'node:fs/promises';
import path from 'node:path';

export async function snapshotTree(root: string, skip: (relative: string) => boolean = () => false): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const walk = async (dir: string): Promise<void> => {
    for (const entry of await readdir(dir)) {
      const full = path.join(dir, entry);
      const relative = path.relative(root, full);
      if (skip(relative)) continue;
      const stat = await lstat(full);
      const mode = (stat.mode & 0o7777).toString(8);
      if (stat.isSymbolicLink()) out.set(relative, `link ${await readlink(full)}`);
      else if (stat.isDirectory()) {
        out.set(relative, `dir ${mode}`);
        await walk(full);
      } else out.set(relative, `file ${mode} ${createHash('sha256').update(await readFile(full)).digest('hex')}`);
    }
  };
  await walk(root);
  return out;
}
