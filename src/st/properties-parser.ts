// A reader for java.util.Properties text, the format ST's silent installer reads:
// the inverse of the escaping in installer-properties.ts (the lab simulator reads
// the installer file with it, so both ends agree on the same rules).

const WHITESPACE = new Set([' ', '\t', '\f']);

function isContinued(line: string): boolean {
  let slashes = 0;
  for (let i = line.length - 1; i >= 0 && line[i] === '\\'; i--) slashes++;
  return slashes % 2 === 1;
}

function skipWhitespace(text: string, from: number): number {
  let i = from;
  while (i < text.length && WHITESPACE.has(text[i]!)) i++;
  return i;
}

function logicalLines(text: string): string[] {
  const natural = text.split(/\r\n|\r|\n/);
  const lines: string[] = [];
  for (let i = 0; i < natural.length; i++) {
    let line = natural[i]!.slice(skipWhitespace(natural[i]!, 0));
    if (line === '' || line.startsWith('#') || line.startsWith('!')) continue;
    while (isContinued(line) && i + 1 < natural.length) {
      i++;
      const next = natural[i]!;
      line = line.slice(0, -1) + next.slice(skipWhitespace(next, 0));
    }
    if (isContinued(line)) line = line.slice(0, -1);
    lines.push(line);
  }
  return lines;
}

function unescape(raw: string): string {
  let out = '';
  for (let i = 0; i < raw.length; i++) {
    const ch = raw[i]!;
    if (ch !== '\\' || i + 1 >= raw.length) {
      out += ch;
      continue;
    }
    const next = raw[++i]!;
    if (next === 'u') {
      const hex = raw.slice(i + 1, i + 5);
      if (!/^[0-9a-fA-F]{4}$/.test(hex)) throw new Error(`Malformed \\uXXXX escape: "\\u${hex}"`);
      out += String.fromCharCode(parseInt(hex, 16));
      i += 4;
    } else {
      out += next === 't' ? '\t' : next === 'n' ? '\n' : next === 'r' ? '\r' : next === 'f' ? '\f' : next;
    }
  }
  return out;
}

function splitKeyValue(line: string): [string, string] {
  let i = 0;
  while (i < line.length) {
    const ch = line[i]!;
    if (ch === '\\') {
      i += 2;
      continue;
    }
    if (ch === '=' || ch === ':' || WHITESPACE.has(ch)) break;
    i++;
  }
  const key = line.slice(0, Math.min(i, line.length));
  let v = skipWhitespace(line, i);
  if (v < line.length && (line[v] === '=' || line[v] === ':')) v = skipWhitespace(line, v + 1);
  return [key, line.slice(v)];
}

/** Parses Properties text into key → value; a later key wins, as in java.util.Properties. */
export function parseProperties(text: string): Record<string, string> {
  const result: Record<string, string> = {};
  for (const line of logicalLines(text)) {
    const [key, value] = splitKeyValue(line);
    result[unescape(key)] = unescape(value);
  }
  return result;
}
