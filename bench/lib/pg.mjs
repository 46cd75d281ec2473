// One PostgreSQL for the whole bench (the same kind the tests start): each lab
// makes its own role and database on it. BENCH_PG_URL reuses a running server.
const lab = () => import(new URL('../../dist/lab/index.js', import.meta.url).href);

/** Starts PostgreSQL; returns {url, stop}. */
export async function startPg() {
  if (process.env.BENCH_PG_URL) return { url: process.env.BENCH_PG_URL, stop: async () => {} };
  return (await lab()).startEphemeralPostgres('st-bench-pg-');
}
