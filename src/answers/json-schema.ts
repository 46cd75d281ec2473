// The JSON Schema is generated from the zod schema (one source of truth) and
// checked in at schema/answers.schema.json for editors; a test keeps them in sync.
import { z } from 'zod';
import { answersSchema } from './schema.js';

export const schemaRegenerateCommand = 'npm run build && node dist/cli/main.js answers schema > schema/answers.schema.json';

export function answersJsonSchema(): Record<string, unknown> {
  // io: 'input' — fields with a default are optional in the file.
  const generated = z.toJSONSchema(answersSchema, { io: 'input', target: 'draft-2020-12' });
  const { $schema, ...rest } = generated;
  return {
    $schema,
    title: 'st-cluster answers file (apiVersion st-cluster/v1)',
    description: `Generated from src/answers/schema.ts; regenerate with: ${schemaRegenerateCommand}`,
    ...rest,
  };
}

export const answersJsonSchemaText = (): string => `${JSON.stringify(answersJsonSchema(), null, 2)}\n`;
