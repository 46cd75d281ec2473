// Types of critical-path.mjs, for test/house/bench-critical-path.test.ts.
export interface SimOp { kind: string; what: string; ms: number; start: number; end: number }
export interface Span { startEpoch: number | null; endEpoch: number | null }
export interface StepSpan extends Span { id: string }
export interface ActionSpan extends Span { step: string }
export interface Segment { label: string; ms: number; wallMs: number }
export interface CriticalPath {
  totalMs: number;
  steps: Record<string, { id: string; ms: number; segments: Segment[] }>;
  opCount: number;
  outsideOps: number;
}
export function readSimOps(root: string): SimOp[];
export function criticalPath(steps: Record<string, StepSpan>, actions: Record<string, ActionSpan>, opsByNode: Record<string, SimOp[]>): CriticalPath;
