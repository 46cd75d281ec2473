import { describe, expect, it } from 'vitest';
import { answersKeyLocation, parseAnswersSource, splitKeyPath } from '../../src/answers/yaml-source.js';

const text = `# comment
apiVersion: st-cluster/v1
cluster:
  name: demo
  tls: {enabled: true}
nodes:
  - name: st1
    address: 10.0.0.11
  - name: st2
    ssh:
      user: root
`;

describe('parseAnswersSource', () => {
  const { source, issues } = parseAnswersSource(text, 'a.yaml');

  it('parses valid YAML without issues', () => {
    expect(issues).toEqual([]);
  });

  it('locates values, keys, list items and flow mappings (1-based)', () => {
    expect(source.locate(['apiVersion'])).toEqual({ line: 2, col: 13, exact: true });
    expect(source.locate(['apiVersion'], 'key')).toEqual({ line: 2, col: 1, exact: true });
    expect(source.locate(['cluster', 'tls', 'enabled'])).toEqual({ line: 5, col: 18, exact: true });
    expect(source.locate(['nodes', 1])).toEqual({ line: 9, col: 5, exact: true });
    expect(source.locate(['nodes', 1, 'ssh', 'user'])).toEqual({ line: 11, col: 13, exact: true });
  });

  it('falls back to the nearest existing parent for missing keys', () => {
    expect(source.locate(['nodes', 1, 'address'])).toEqual({ line: 9, col: 5, exact: false });
    expect(source.locate(['cluster', 'installDir'])).toEqual({ line: 3, col: 1, exact: false });
    expect(source.locate(['nodes', 7, 'name'])).toMatchObject({ line: 6, exact: false });
    expect(source.locate(['database', 'host'])).toMatchObject({ line: 2, col: 1, exact: false });
  });

  it('reports syntax errors as file:line:col with no key path', () => {
    const broken = parseAnswersSource('a: 1\nb: [1, 2\nc: 3\n', 'b.yaml');
    expect(broken.issues.length).toBeGreaterThan(0);
    expect(broken.issues[0]).toMatchObject({ file: 'b.yaml', keyPath: '' });
    expect(broken.issues[0]!.line).toBeGreaterThanOrEqual(2);
    expect(broken.issues[0]!.message).toMatch(/^YAML syntax: /);
  });

  it('reports duplicate keys at the second occurrence', () => {
    const { issues: dup } = parseAnswersSource('a: 1\nb: 2\na: 3\n', 'c.yaml');
    expect(dup).toHaveLength(1);
    expect(dup[0]).toMatchObject({ line: 3, col: 1, fix: 'keep only one of the duplicated keys' });
  });

  it('reports an alias without anchor at the alias', () => {
    const { issues: alias } = parseAnswersSource('a: 1\nb: *nope\n', 'd.yaml');
    expect(alias).toEqual([expect.objectContaining({ line: 2, col: 4, keyPath: '' })]);
  });
});

describe('answersKeyLocation and splitKeyPath', () => {
  it('finds a dotted key path in text', () => {
    expect(answersKeyLocation(text, 'nodes.0.address')).toEqual({ line: 8, col: 14, exact: true });
  });
  it('splits numeric segments into numbers', () => {
    expect(splitKeyPath('nodes.12.ssh.port')).toEqual(['nodes', 12, 'ssh', 'port']);
    expect(splitKeyPath('')).toEqual([]);
  });
});
