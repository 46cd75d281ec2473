// One real PostgreSQL for the whole test run (STACK.md): started once, its
// superuser URL handed to every test through vitest's provide/inject.
import type { TestProject } from 'vitest/node';
import { startEphemeralPostgres } from '../../src/lab/ephemeral-pg.js';

declare module 'vitest' {
  export interface ProvidedContext {
    pgUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  if (process.env.ST_TEST_PG_URL) {
    project.provide('pgUrl', process.env.ST_TEST_PG_URL);
    return async () => {};
  }
  const pg = await startEphemeralPostgres('st-cluster-pg-').catch((error: unknown) => {
    throw new Error(`${(error as Error).message} (tests: or set ST_TEST_PG_URL)`, { cause: error });
  });
  project.provide('pgUrl', pg.url);
  return () => pg.stop();
}
