// Plan files against the lab: making a plan, validating it against the checked-in JSON
// Schema, and a byte-exact picture of a lab (node trees, shared FS, every DB row) to
// prove a refused apply changed nothing.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { PlanFile } from '../../src/plan-file/format.js';
import { labQuery } from './cluster-state.js';
import { runCli, type CliRun, type startLab } from './lab.js';
import { snapshotTree } from './tree.js';

export type Lab = Awaited<ReturnType<typeof startLab>>;

const ROOT = path.resolve(import.meta.dirname, '../..');

/** Outside the lab's tree (startLab's temporary parent), removed with the lab. */
export const planFileOf = (lab: Lab, name = 'plan.json'): string => path.join(path.dirname(lab.dir), name);

export async function makePlan(lab: Lab, name = 'plan.json', extra: string[] = []): Promise<{ run: CliRun; file: string; plan: PlanFile }> {
  const file = planFileOf(lab, name);
  const run = await runCli(['plan', '--answers', lab.answersFile, '--out', file, '--json', ...extra]);
  if (run.exitCode !== 0) throw new Error(`plan failed (${run.exitCode}): ${run.stderr}`);
  return { run, file, plan: JSON.parse(await readFile(file, 'utf8')) };
}

export const applyPlan = (lab: Lab, file: string, extra: string[] = []): Promise<CliRun> => runCli(['apply', file, '--answers', lab.answersFile, '--yes', '--json', ...extra], { timeoutMs: 150_000 });

export async function editPlan(file: string, edit: (plan: PlanFile) => void): Promise<void> {
  const plan = JSON.parse(await readFile(file, 'utf8')) as PlanFile;
  edit(plan);
  await writeFile(file, JSON.stringify(plan, null, 2));
}

/** The errors of validating `plan` against schema/plan-v1.schema.json (empty when it fits). */
export async function schemaErrors(plan: unknown): Promise<string[]> {
  const schema = JSON.parse(await readFile(path.join(ROOT, 'schema/plan-v1.schema.json'), 'utf8'));
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  ajv.addFormat('date-time', (value: string) => /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/.test(value) && !Number.isNaN(Date.parse(value)));
  const validate = ajv.compile(schema);
  return validate(plan) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`);
}

/** Every row of every table outside the catalogs, as text, in a stable order. */
async function dbDump(lab: Lab): Promise<string[]> {
  const tables = await labQuery<{ t: string }>(lab, "select quote_ident(table_schema) || '.' || quote_ident(table_name) as t from information_schema.tables where table_schema not in ('pg_catalog','information_schema') and table_type = 'BASE TABLE' order by 1");
  const dumps = await Promise.all(tables.map(async ({ t }) => `${t}: ${(await labQuery<{ r: string }>(lab, `select row_to_json(x)::text as r from ${t} x order by 1`)).map((r) => r.r).join('\n')}`));
  return dumps;
}

/** The lab as bytes: its whole tree (nodes, shared FS, state dir; not the DB's own files nor logs) and every DB row. */
export async function labPicture(lab: Lab): Promise<{ tree: Map<string, string>; db: string[] }> {
  const skip = (relative: string): boolean => relative === 'pg' || relative.startsWith('pg/') || relative.endsWith('.log');
  return { tree: await snapshotTree(lab.dir, skip), db: await dbDump(lab) };
}

/** The lab's real passwords: none may appear in a plan file. */
export const labSecrets = async (lab: Lab): Promise<string[]> => [await readFile(lab.dbPasswordFile, 'utf8'), await readFile(lab.adminPasswordFile, 'utf8')].map((s) => s.trim());
