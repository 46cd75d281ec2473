// The ten documented steps (seed/set-up-a-cluster.md). This list is the only place order lives.
import type { Step } from '../engine/types.js';
import { configureFirst } from './configure-first.js';
import { installFirst } from './install-first.js';
import { installOthers } from './install-others.js';
import { licenseOthers } from './license-others.js';
import { prepare } from './prepare.js';
import { quiesce } from './quiesce.js';
import { registerNodes } from './register-nodes.js';
import { restartAll } from './restart-all.js';
import { startNewAdmins } from './start-new-admins.js';
import { stopNewAdmins } from './stop-new-admins.js';

export const steps: readonly Step[] = [
  prepare,
  installFirst,
  configureFirst,
  installOthers,
  stopNewAdmins,
  quiesce,
  registerNodes,
  startNewAdmins,
  licenseOthers,
  restartAll,
];
