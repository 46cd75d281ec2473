// Every check by its stable ID (README "Checks"). Step files pick from here.
export * from './admind-cert.js';
export * from './db-checks.js';
export * from './fs-checks.js';
export * from './node-checks.js';
export * from './st-checks.js';
export * from './st-cluster-checks.js';
export * from './job-checks.js';
export * from './restart-safe.js';
export * from './host-tuning.js';
export * from './st-account.js';
export * from './admin-login.js';
