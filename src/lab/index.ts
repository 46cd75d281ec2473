// The rehearsal lab's programmatic API (DESIGN.md "The lab", docs/lab-contract.md).
export { labUp, LabUsageError } from './lab-up.js';
export { labDown } from './lab-down.js';
export { labStatus } from './lab-status.js';
export { ADD_NODE_PATH, REMOVE_NODE_PATH } from './sim/admin-swagger.js';
export { LAB_INSTALL_DIR, LAB_MEDIA_DIR, LAB_SHARED_FS } from './node-root.js';
export { hostsUnavailable } from './hosts/prereqs.js';
export { labFault, LAB_FAULTS, type LabFault } from './lab-fault.js';
export type { LabHosts, LabInfo, LabNode, LabOptions, LabStatus, ServiceState } from './types.js';
export { freePort } from './free-port.js';
export { startEphemeralPostgres, type EphemeralPostgres } from './ephemeral-pg.js';
