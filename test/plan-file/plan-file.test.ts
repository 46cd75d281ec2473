// The plan file's parts without a lab: its schema, reading it back, the allow-list guard,
// comparing premises, and the refusal to write a secret.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Action } from '../../src/engine/types.js';
import { EventBus } from '../../src/engine/events.js';
import { Redactor } from '../../src/journal/redact.js';
import { buildPlanFile, PlanCollector, PlanSecretError } from '../../src/plan-file/collect.js';
import { premiseDifferences, unreadPremises } from '../../src/plan-file/compare.js';
import type { PlanFile, Premises } from '../../src/plan-file/format.js';
import { NotInPlanError, planGuard } from '../../src/plan-file/guard.js';
import { planJsonSchemaText, planSchemaRegenerateCommand } from '../../src/plan-file/json-schema.js';
import { parsePlanFile, PlanFileError } from '../../src/plan-file/read.js';
import { schemaErrors } from '../support/plan-lab.js';

const SHA = 'a'.repeat(64);
const premises = (): Premises => ({
  tool: { name: 'st-cluster', version: '0.1.0' },
  answers: { path: '/x/answers.yaml', fingerprint: SHA, values: { cluster: { name: 'c', maxClockSkewSeconds: 5 } } },
  jumpHost: { licenses: { '/x/st.license': SHA } },
  database: { schema: true, registered: ['10.0.0.1'] },
  nodes: [{ name: 'n1', address: '10.0.0.1', first: true, install: { state: 'installed', version: '5.5.0' }, taeh: SHA, licenses: { 'conf/st.license': SHA }, admin: 'running', tm: 'stopped' }],
});

const action = (step: string, node: string, argv: string[], note = 'taeh; removed after'): Action => ({
  id: `${step}/${node}/1`,
  step,
  node,
  kind: 'exec',
  summary: `run ${argv[0]}`,
  detail: { argv, timeoutSeconds: 60, transient: [{ path: '/opt/.st/taeh', mode: 0o600, note }] },
  apply: () => Promise.resolve(),
});

/** A plan made the way `plan --out` makes it: the actions go through an event bus into the collector. */
function planOf(actions: Action[], redactor = new Redactor()): PlanFile {
  const collector = new PlanCollector();
  const bus = new EventBus(redactor).add(collector);
  for (const a of actions) bus.emit({ type: 'action', step: a.step, id: a.id, node: a.node, kind: a.kind, summary: a.summary, status: 'planned', detail: { ...a.detail } });
  for (const [number, step] of [...new Set(actions.map((a) => a.step))].entries()) bus.emit({ type: 'step', step, number: number + 1, title: step, status: 'planned', reason: 'would run' });
  return buildPlanFile(collector, premises(), { cluster: 'c', createdAt: new Date('2026-12-02T20:00:00Z'), user: 'op', host: 'jump', acceptedRisks: new Map() }, redactor);
}

describe('the plan file format', () => {
  it('schema/plan-v1.schema.json is the one generated from src/plan-file/format.ts', async () => {
    const checkedIn = await readFile(path.resolve(import.meta.dirname, '../../schema/plan-v1.schema.json'), 'utf8');
    expect(checkedIn === planJsonSchemaText(), `out of date; regenerate it: ${planSchemaRegenerateCommand}`).toBe(true);
  });

  it('a built plan fits the JSON Schema and reads back; a changed one is named by path', async () => {
    const plan = planOf([action('install-first', 'n1', ['/opt/media/setup.sh', '-s', '/opt/.st/a.properties'])]);
    expect(await schemaErrors(plan)).toEqual([]);
    expect(parsePlanFile(JSON.stringify(plan), 'p.json')).toEqual(plan);
    const bad = { ...plan, premises: { ...plan.premises, tool: { name: 'other', version: 1 } } };
    expect((await schemaErrors(bad)).length).toBeGreaterThan(0);
    const error = (() => {
      try {
        parsePlanFile(JSON.stringify(bad), 'p.json');
      } catch (e) {
        return e as PlanFileError;
      }
    })();
    expect(error).toBeInstanceOf(PlanFileError);
    expect(error?.issues.join('\n')).toMatch(/premises\.tool\.name: .*\n.*premises\.tool\.version: /);
  });

  it('refuses what is not a plan of this version, saying which', () => {
    expect(() => parsePlanFile('{"format": ', 'p.json')).toThrow(/p\.json is not a valid plan file: it is not JSON/);
    expect(() => parsePlanFile('[]', 'p.json')).toThrow(/it is not a JSON object/);
    expect(() => parsePlanFile('{}', 'p.json')).toThrow(/it has no "format" \(this st-cluster reads "st-cluster\/plan-v1"\)/);
    expect(() => parsePlanFile('{"format":"terraform"}', 'p.json')).toThrow(/its format is "terraform"/);
  });

  it('refuses to build a plan that would hold a secret: in an action, or in the premises', () => {
    const redactor = new Redactor().add('S3cret-Passw0rd');
    expect(() => planOf([action('install-first', 'n1', ['setup.sh', '--db-password', 'S3cret-Passw0rd'])], redactor)).toThrow(PlanSecretError);
    const collector = new PlanCollector();
    const leaky = premises();
    leaky.answers.values = { database: { password: 'S3cret-Passw0rd' } };
    expect(() => buildPlanFile(collector, leaky, { cluster: 'c', createdAt: new Date(), user: 'op', host: 'jump', acceptedRisks: new Map() }, redactor)).toThrow(/would hold a secret \(premises or answers\)/);
  });
});

describe('the allow-list guard', () => {
  const install = action('install-first', 'n1', ['setup.sh', '-s', 'a.properties']);
  const guard = planGuard(planOf([install]), 'p.json');

  it('admits the planned action (the transient files\' notes aside: a checksum learnt later)', () => {
    expect(() => guard([install])).not.toThrow();
    expect(() => guard([action('install-first', 'n1', ['setup.sh', '-s', 'a.properties'], 'taeh (sha256 0123456789ab…); removed after')])).not.toThrow();
  });

  it('refuses another argv, another node, another step, and one more of the same', () => {
    expect(() => guard([action('install-first', 'n1', ['setup.sh', '-s', 'b.properties'])])).toThrow(NotInPlanError);
    expect(() => guard([action('install-first', 'n2', ['setup.sh', '-s', 'a.properties'])])).toThrow(/n2: run setup\.sh \(exec setup\.sh -s a\.properties\)/);
    expect(() => guard([action('install-others', 'n1', ['setup.sh', '-s', 'a.properties'])])).toThrow(/step install-others would run an action the plan p\.json does not hold/);
    expect(() => guard([install, install])).toThrow(/does not hold: n1: run setup\.sh/);
  });
});

describe('premises then and now', () => {
  it('the same premises: no difference', () => {
    expect(premiseDifferences(premises(), premises())).toEqual([]);
  });

  it('names each difference, and a fact that cannot be read now', () => {
    const now = premises();
    now.tool.version = '0.2.0';
    now.answers = { ...now.answers, fingerprint: 'b'.repeat(64), values: { cluster: { name: 'c', maxClockSkewSeconds: 9 } } };
    now.nodes[0] = { ...now.nodes[0]!, admin: 'stopped', tm: { couldNotLook: 'permission denied' } };
    now.database = { schema: true, registered: ['10.0.0.1', '10.0.0.9'] };
    expect(premiseDifferences(premises(), now)).toEqual([
      'st-cluster version: the plan was made by 0.1.0, this is 0.2.0',
      'answers key changed: cluster.maxClockSkewSeconds',
      'database: CLUSTERNODE addresses: 10.0.0.1 at plan time, 10.0.0.1, 10.0.0.9 now',
      'n1 (10.0.0.1): Admin: running at plan time, stopped now',
      'n1 (10.0.0.1): TM: could not look (permission denied) now',
    ]);
    expect(unreadPremises(now)).toEqual(['n1 (10.0.0.1): TM: could not look (permission denied)']);
  });
});
