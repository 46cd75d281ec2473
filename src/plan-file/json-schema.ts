// schema/plan-v1.schema.json is generated from format.ts (one source of truth); a test keeps them equal.
import { z } from 'zod';
import { planFileSchema, PLAN_FORMAT } from './format.js';

export const planSchemaRegenerateCommand = 'npm run build && node scripts/plan-schema.mjs > schema/plan-v1.schema.json';

export function planJsonSchema(): Record<string, unknown> {
  const { $schema, ...rest } = z.toJSONSchema(planFileSchema, { io: 'output', target: 'draft-2020-12' });
  return {
    $schema,
    title: `st-cluster plan file (format ${PLAN_FORMAT})`,
    description: `Written by st-cluster plan --out and read by st-cluster apply. Generated from src/plan-file/format.ts; regenerate with: ${planSchemaRegenerateCommand}`,
    ...rest,
  };
}

export const planJsonSchemaText = (): string => `${JSON.stringify(planJsonSchema(), null, 2)}\n`;
