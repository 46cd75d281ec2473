// A lab refusal the operator can fix by changing the command (exit 2, usage).
export class LabUsageError extends Error {}
