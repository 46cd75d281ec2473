// Java-style .properties, as the ST silent installer reads them.
export function parseProperties(text: string): Record<string, string> {
  const result: Record<string, string> = {};
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i]!.trim();
    if (line === '' || line.startsWith('#') || line.startsWith('!')) continue;
    while (line.endsWith('\\') && i + 1 < lines.length) line = line.slice(0, -1) + lines[++i]!.trim();
    const match = /^((?:\\.|[^=:\s])+)\s*[=:\s]\s*(.*)$/.exec(line) ?? /^((?:\\.|[^=:\s])+)$/.exec(line);
    if (!match) continue;
    result[unescape(match[1]!)] = unescape(match[2] ?? '');
  }
  return result;
}

function unescape(value: string): string {
  return value.replace(/\\(.)/g, (_, c: string) => ({ n: '\n', t: '\t', r: '\r' })[c] ?? c);
}

export function propertyFlag(props: Record<string, string>, key: string): boolean | undefined {
  const value = props[key]?.trim().toLowerCase();
  if (value === undefined || value === '') return undefined;
  return value === 'true' || value === 'yes' || value === '1';
}
