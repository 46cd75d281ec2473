// The simulated Admin service: a real HTTPS server on the node's address and
// admin port (docs/lab-contract.md "Admin REST"). Run detached by start_admin.
import { appendFileSync, mkdirSync, readFileSync } from 'node:fs';
import https from 'node:https';
import path from 'node:path';
import { createHandler } from './admin-routes.js';
import { loadDbConfig, poolFor } from './db.js';
import { Home } from './node-context.js';
import { simulate } from './sim-ops.js';

export async function runAdmin(root: string, homeDir: string): Promise<void> {
  const home = new Home(root, homeDir);
  const config = home.config;
  const info = home.installInfo();
  const started = Date.now();
  const pool = poolFor(loadDbConfig(home));
  pool.on('error', () => undefined);
  await simulate(root, 'start', 'admin', config.delays.adminStartMs ?? config.delays.startMs);
  const handler = createHandler({ home, pool, first: info.first });
  const server = https.createServer(
    { key: readFileSync(home.file('conf', 'certs', 'admind.key')), cert: readFileSync(home.file('conf', 'certs', 'admind.pem')) },
    (req, res) => void handler(req, res),
  );
  const shutdown = (): void => {
    server.closeAllConnections();
    server.close();
    void pool.end().finally(() => process.exit(0));
    setTimeout(() => process.exit(0), 2000).unref();
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
  server.on('error', (error) => {
    console.error(`Admin cannot listen on ${config.address}:${info.sslAdminPort}: ${error.message}`);
    process.exit(1);
  });
  server.listen(info.sslAdminPort, config.address, () => {
    mkdirSync(path.dirname(home.catalinaOut), { recursive: true });
    // The readiness line docs/st-facts.md names; written only once the port accepts connections.
    appendFileSync(home.catalinaOut, `${new Date().toISOString()} INFO [main] org.apache.catalina.startup.Catalina.start Server startup in [${Date.now() - started}] milliseconds\n`);
    console.log(`Admin listening on https://${config.address}:${info.sslAdminPort}`);
  });
}
