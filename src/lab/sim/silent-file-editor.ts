// Tools/SilentFileEditor/SilentFileEditor.sh of the lab's media: FILE then triples
// KEY VALUE -c|-u (IG silent-install-new "Silent File Editor"): each key must exist
// in the file; -c stores the value encrypted, -u in clear. It cannot add keys.
import { readFileSync, writeFileSync } from 'node:fs';
import { escapeValue } from '../../st/installer-properties.js';
import { LAB_ENCRYPTED_PREFIX } from './media.js';

export function editSilentFile(args: string[]): number {
  const [file, ...triples] = args;
  if (!file || triples.length === 0 || triples.length % 3 !== 0) {
    console.error('usage: SilentFileEditor.sh <silent file> <key> <value> -c|-u [<key> <value> -c|-u …]');
    return 2;
  }
  let lines = readFileSync(file, 'utf8').split('\n');
  for (let i = 0; i < triples.length; i += 3) {
    const [key, value, mode] = [triples[i]!, triples[i + 1]!, triples[i + 2]!];
    if (mode !== '-c' && mode !== '-u') {
      console.error(`the third argument after ${key} must be -c (encrypt) or -u (clear), not ${mode}`);
      return 2;
    }
    const at = lines.findIndex((l) => new RegExp(`^\\s*${key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*[=:]`).test(l));
    if (at < 0) {
      console.error(`${key} does not exist in ${file}: the Silent File Editor cannot add keys`);
      return 1;
    }
    const stored = mode === '-c' ? `${LAB_ENCRYPTED_PREFIX}${Buffer.from(value, 'utf8').toString('base64')}` : value;
    lines = lines.map((l, j) => (j === at ? `${key} = ${escapeValue(stored)}` : l));
  }
  writeFileSync(file, lines.join('\n'));
  return 0;
}
