import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { answersJsonSchema, answersJsonSchemaText, answersTemplate, schemaRegenerateCommand } from '../../src/answers/index.js';
import { schemaFilePath } from '../../src/answers/template.js';
import { repoRoot } from './workspace.js';

describe('JSON Schema', () => {
  it('matches the checked-in schema/answers.schema.json', async () => {
    const checkedIn = await readFile(path.join(repoRoot, 'schema/answers.schema.json'), 'utf8');
    const drift = checkedIn !== answersJsonSchemaText();
    expect(drift, `schema/answers.schema.json is out of date with src/answers/schema.ts; regenerate it: ${schemaRegenerateCommand}`).toBe(false);
  });

  it('describes the input shape: defaulted keys are optional, unknown keys refused', () => {
    const schema = answersJsonSchema() as {
      required: string[];
      additionalProperties: boolean;
      properties: { cluster: { required: string[] } };
    };
    expect(schema.required).toEqual(['apiVersion', 'cluster', 'database', 'sharedFs', 'installer', 'licenses', 'admin', 'nodes']);
    expect(schema.properties.cluster.required).toEqual(['name']);
    expect(schema.additionalProperties).toBe(false);
  });

  it('carries no regex flags that JSON Schema would lose', () => {
    // Patterns are copied without flags: a case-insensitive zod regex would refuse "ST1" in editors only.
    const patterns = [...answersJsonSchemaText().matchAll(/"pattern": "([^"]+)"/g)].map((m) => m[1]!);
    expect(patterns.length).toBeGreaterThan(0);
    for (const pattern of patterns) if (pattern.includes('a-z')) expect(pattern).toContain('A-Z');
  });

  it('is what the template points editors at', () => {
    expect(schemaFilePath()).toBe(path.join(repoRoot, 'schema/answers.schema.json'));
    expect(answersTemplate('X').split('\n')[0]).toBe('# yaml-language-server: $schema=X');
  });
});
