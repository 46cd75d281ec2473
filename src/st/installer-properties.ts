// java.util.Properties escaping for the silent-install files (silent-files.ts), so a
// value with `=`, `:` or a backslash reaches the installer unchanged; and the DB
// password rules the installer enforces.

export const REDACTED = '********';

/** Why ST would refuse this DB password (docs/st-facts.md: no `$`; for PostgreSQL none of `% & +`). */
export function dbPasswordProblems(password: string): string[] {
  const bad = ['$', '%', '&', '+'].filter((c) => password.includes(c));
  return bad.length === 0 ? [] : [`the database password contains ${bad.map((c) => `"${c}"`).join(', ')}, which SecureTransport does not accept with PostgreSQL`];
}

function escapeChars(text: string, isKey: boolean): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    const code = text.charCodeAt(i);
    if (ch === ' ') out += isKey || i === 0 ? '\\ ' : ' ';
    else if (ch === '\\' || ch === '=' || ch === ':' || ch === '#' || ch === '!') out += `\\${ch}`;
    else if (ch === '\t') out += '\\t';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\f') out += '\\f';
    else if (code < 0x20 || code > 0x7e) out += `\\u${code.toString(16).toUpperCase().padStart(4, '0')}`;
    else out += ch;
  }
  return out;
}

export const escapeKey = (key: string): string => escapeChars(key, true);
export const escapeValue = (value: string): string => escapeChars(value, false);

export { parseProperties } from './properties-parser.js';
