// The plan file, format st-cluster/plan-v1 (README "Plan files"): what `plan --out`
// writes and `apply` reads. One zod schema is the source of truth; the JSON Schema in
// schema/plan-v1.schema.json is generated from it (json-schema.ts) and a test keeps them equal.
import { z } from 'zod';

export const PLAN_FORMAT = 'st-cluster/plan-v1';

const sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'a SHA-256 checksum in lower-case hex');

/** A fact the probe could not read (unreachable, permission, I/O): never taken for an answer. */
const couldNotLook = z.strictObject({ couldNotLook: z.string().describe('why the fact could not be read') });
const fact = <T extends z.ZodType>(value: T) => z.union([value, couldNotLook]);

const running = z.enum(['running', 'stopped']);

const nodePremise = z.strictObject({
  name: z.string(),
  address: z.string(),
  first: z.boolean(),
  install: fact(z.strictObject({ state: z.enum(['installed', 'absent', 'partial']), version: z.string().nullable() })).describe('the install as the steps read it: version file and every install file'),
  taeh: fact(sha256.nullable()).describe('sha256 of bin/taeh; null when absent'),
  licenses: fact(z.record(z.string(), sha256.nullable())).describe('sha256 of each license file under the install dir; null when absent'),
  admin: fact(running).describe('the Admin service, read from its pid file as the steps read it'),
  tm: fact(running).describe('the Transaction Manager, read from its pid file'),
});

export const premisesSchema = z.strictObject({
  tool: z.strictObject({ name: z.literal('st-cluster'), version: z.string() }),
  answers: z.strictObject({
    path: z.string().describe('the answers file the plan was made from (informational: apply takes --answers)'),
    fingerprint: sha256.describe('sha256 of the canonical answers (src/answers/fingerprint.ts)'),
    values: z.record(z.string(), z.unknown()).describe('the canonical answers, secrets as references only: apply names the keys that changed'),
  }),
  jumpHost: z.strictObject({ licenses: z.record(z.string(), sha256.nullable()).describe('sha256 of each license file on the jump host; null when absent') }),
  database: fact(z.strictObject({ schema: z.boolean(), registered: z.array(z.string()).describe('addresses in CLUSTERNODE, sorted') })),
  nodes: z.array(nodePremise),
});

const actionDetail = z
  .looseObject({
    argv: z.array(z.string()).optional(),
    env: z.record(z.string(), z.string()).optional(),
    timeoutSeconds: z.number().optional(),
    forced: z.array(z.string()).optional(),
    path: z.string().optional(),
    mode: z.number().int().optional(),
    size: z.number().int().optional(),
    sha256: z.string().optional(),
    transient: z.array(z.looseObject({ path: z.string(), mode: z.number().int(), size: z.number().int().optional(), note: z.string() })).optional(),
    method: z.string().optional(),
    url: z.string().optional(),
  })
  .describe('argv, paths, modes, checksums: never a secret or file content');

export const plannedActionSchema = z.strictObject({
  id: z.string(),
  node: z.string(),
  kind: z.enum(['exec', 'copy', 'remove', 'api', 'wait']),
  summary: z.string(),
  detail: actionDetail,
});

const stepSchema = z.strictObject({
  number: z.number().int().min(1),
  id: z.string(),
  title: z.string(),
  status: z.enum(['done', 'already-done', 'skipped', 'planned']).describe('done: a step of checks only, run for real; already-done: its evidence holds; skipped: see reason; planned: its actions would run'),
  reason: z.string().optional(),
  actions: z.array(plannedActionSchema),
});

const checkSchema = z.strictObject({
  step: z.string(),
  id: z.string(),
  node: z.string().nullable(),
  status: z.enum(['pass', 'fail', 'warn', 'skip']),
  detail: z.string(),
  fix: z.string().optional(),
  acceptedRisk: z.string().optional(),
});

export const planFileSchema = z.strictObject({
  format: z.literal(PLAN_FORMAT),
  createdAt: z.iso.datetime(),
  createdBy: z.strictObject({ user: z.string(), host: z.string() }),
  cluster: z.string(),
  options: z.strictObject({
    until: z.number().int().min(1).optional(),
    acceptedRisks: z.array(z.strictObject({ id: z.string(), reason: z.string() })),
  }),
  premises: premisesSchema,
  steps: z.array(stepSchema),
  checks: z.array(checkSchema),
});

export type PlanFile = z.infer<typeof planFileSchema>;
export type Premises = z.infer<typeof premisesSchema>;
export type NodePremise = z.infer<typeof nodePremise>;
export type PlannedAction = z.infer<typeof plannedActionSchema>;
export type PlanStep = z.infer<typeof stepSchema>;
export type PlanCheck = z.infer<typeof checkSchema>;
export type CouldNotLook = z.infer<typeof couldNotLook>;
