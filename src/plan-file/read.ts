// Reading a plan file back: its format first (a clear word for a file that is not a
// plan of this version), then every field against the schema, each problem by its path.
import { UsageError } from '../engine/errors.js';
import { planFileSchema, PLAN_FORMAT, type PlanFile } from './format.js';

export class PlanFileError extends UsageError {
  constructor(
    file: string,
    problem: string,
    readonly issues: string[] = [],
  ) {
    super(`${file} is not a valid plan file: ${problem}; nothing was changed`, 'Make the plan again with st-cluster plan --answers FILE --out PLAN.json; a plan file is not to be edited.');
    this.name = 'PlanFileError';
  }
}

export function parsePlanFile(text: string, file: string): PlanFile {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new PlanFileError(file, `it is not JSON (${(error as Error).message})`);
  }
  const format = (data as { format?: unknown } | null)?.format;
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new PlanFileError(file, 'it is not a JSON object');
  if (format !== PLAN_FORMAT) {
    throw new PlanFileError(file, format === undefined ? `it has no "format" (this st-cluster reads "${PLAN_FORMAT}")` : `its format is ${JSON.stringify(format)}, this st-cluster reads "${PLAN_FORMAT}"`);
  }
  const parsed = planFileSchema.safeParse(data);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.length > 0 ? i.path.join('.') : '(top)'}: ${i.message}`);
    throw new PlanFileError(file, `${issues.length} field${issues.length === 1 ? '' : 's'} do${issues.length === 1 ? 'es' : ''} not fit ${PLAN_FORMAT} (${issues.slice(0, 5).join('; ')}${issues.length > 5 ? '; …' : ''})`, issues);
  }
  return parsed.data;
}
