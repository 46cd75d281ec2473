// Prints the plan file's JSON Schema (schema/plan-v1.schema.json) from the built dist/.
import { planJsonSchemaText } from '../dist/plan-file/json-schema.js';

process.stdout.write(planJsonSchemaText());
