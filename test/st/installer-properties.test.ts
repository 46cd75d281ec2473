import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { dbPasswordProblems, escapeValue, parseProperties, renderInstallerProperties, REDACTED } from '../../src/st/installer-properties.js';
import type { InstallerPropertiesInput } from '../../src/st/installer-properties.js';

const PASSWORD = 'Pw-7_secret!:=#\\ ü';
const base: InstallerPropertiesInput = {
  installDir: '/opt/Axway/SecureTransport',
  db: { host: 'db.example.com', port: 5432, name: 'st', user: 'stuser' },
  dbPassword: { reveal: () => PASSWORD },
  first: true,
  adminPort: 8444,
  extra: {},
};

describe('renderInstallerProperties', () => {
  it('renders the first node: new schema, new taeh', () => {
    const props = parseProperties(renderInstallerProperties(base).text);
    expect(props).toEqual({
      InstallDir: '/opt/Axway/SecureTransport',
      dbType: 'usePostgreSQLExternal',
      postgreHost: 'db.example.com',
      postgrePort: '5432',
      postgreDatabaseName: 'st',
      postgreLoginName: 'stuser',
      postgrePassword: PASSWORD,
      postgreUseExistingSchema: 'false',
      externalDBUseExistingSchema: 'false',
      SecretFilePath: '',
      sslAdminPort: '8444',
    });
  });

  it('renders another node: existing schema, the copied taeh, auto-register address, extras', () => {
    const rendered = renderInstallerProperties({
      ...base,
      first: false,
      secretFilePath: '/tmp/st-cluster-run-n2.taeh',
      clusterNodeValue: '10.0.0.12',
      extra: { 'Some.Extra': 'a=b' },
    });
    const props = parseProperties(rendered.text);
    expect(props.postgreUseExistingSchema).toBe('true');
    expect(props.externalDBUseExistingSchema).toBe('true');
    expect(props.SecretFilePath).toBe('/tmp/st-cluster-run-n2.taeh');
    expect(props.clusterNodeValue).toBe('10.0.0.12');
    expect(props['Some.Extra']).toBe('a=b');
    expect(rendered.text).toContain('Some.Extra=a\\=b\n');
  });

  it('leaves clusterNodeValue out without auto-register', () => {
    expect(renderInstallerProperties(base).text).not.toContain('clusterNodeValue');
  });

  it('keeps the password out of the redacted text only', () => {
    const rendered = renderInstallerProperties(base);
    expect(rendered.text).toContain(`postgrePassword=${escapeValue(PASSWORD)}\n`);
    expect(rendered.redacted).not.toContain(escapeValue(PASSWORD));
    expect(rendered.redacted).not.toContain('Pw-7');
    expect(parseProperties(rendered.redacted).postgrePassword).toBe(REDACTED);
    expect(rendered.redacted.replace(/^postgrePassword=.*$/m, '')).toBe(rendered.text.replace(/^postgrePassword=.*$/m, ''));
  });

  it('refuses a non-first node without a taeh and extras that override managed keys', () => {
    expect(() => renderInstallerProperties({ ...base, first: false })).toThrow(/secretFilePath/);
    expect(() => renderInstallerProperties({ ...base, extra: { postgreHost: 'x' } })).toThrow(/installer\.properties\.postgreHost/);
  });
});

describe('escaping and parseProperties', () => {
  it('escapes the documented characters', () => {
    expect(escapeValue('  a b')).toBe('\\  a b');
    expect(escapeValue('C:\\x=y#z!')).toBe('C\\:\\\\x\\=y\\#z\\!');
    expect(escapeValue('l1\nl2\té')).toBe('l1\\nl2\\t\\u00E9');
  });

  it('reads java.util.Properties syntax', () => {
    const text = ['# comment', '! also comment', '  key1 = value one ', 'key2:v2', 'key3 v3', 'multi = a\\', '    b\\', '  c', 'esc\\ key=\\u0041\\n', 'empty'].join('\n');
    expect(parseProperties(text)).toEqual({ key1: 'value one ', key2: 'v2', key3: 'v3', multi: 'abc', 'esc key': 'A\n', empty: '' });
  });

  it('round-trips any key and value through render and parse', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', minLength: 1 }), fc.string({ unit: 'binary' }), (key, value) => {
        const rendered = renderInstallerProperties({ ...base, dbPassword: { reveal: () => value }, extra: { [`x.${key}`]: value } });
        const props = parseProperties(rendered.text);
        expect(props.postgrePassword).toBe(value);
        expect(props[`x.${key}`]).toBe(value);
      }),
    );
  });
});

describe('dbPasswordProblems', () => {
  it('flags the characters ST refuses with PostgreSQL', () => {
    expect(dbPasswordProblems('plain-Pass_1')).toEqual([]);
    expect(dbPasswordProblems('a$b%c')[0]).toMatch(/"\$", "%"/);
    expect(dbPasswordProblems('a$b%c')[0]).not.toContain('a$b%c');
  });
});
