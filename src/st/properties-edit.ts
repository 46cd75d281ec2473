// Edits a shipped .properties template the way Axway's sample does with Ansible's
// lineinfile (MFT-ST-Automation-Ansible roles/st_install/tasks/prepare_properties_files.yml):
// the line `key = …` is replaced in place, or appended when the template lacks it;
// every other line (comments, the template's own keys) stays as shipped.
import { escapeKey, escapeValue } from './installer-properties.js';

const keyPattern = (key: string): RegExp => new RegExp(`^\\s*${escapeKey(key).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*[=:]`);

export class PropertiesText {
  private readonly lines: string[];
  constructor(text: string) {
    this.lines = text.replace(/\r\n/g, '\n').replace(/\n$/, '').split('\n');
  }

  set(key: string, value: string): this {
    const line = `${escapeKey(key)} = ${escapeValue(value)}`;
    const pattern = keyPattern(key);
    const at = this.lines.findIndex((l) => pattern.test(l));
    if (at >= 0) this.lines[at] = line;
    else this.lines.push(line);
    return this;
  }

  /** Removes every line whose key matches (e.g. the `License…` lines, a `.Format` key). */
  removeKeys(matches: (key: string) => boolean): this {
    for (let i = this.lines.length - 1; i >= 0; i--) {
      const key = /^\s*([^=:\s#!]+)\s*[=:]/.exec(this.lines[i]!)?.[1];
      if (key !== undefined && matches(key)) this.lines.splice(i, 1);
    }
    return this;
  }

  toString(): string {
    return `${this.lines.join('\n')}\n`;
  }
}
