// Public API of the answers module (DESIGN.md "Answers file (v1)").
export { answersSchema, nodeSchema, secretRefSchema, sshOptionAllowList } from './schema.js';
export type { Answers, AnswersInput, NodeAnswers, SecretRef } from './schema.js';
export { AnswersError, formatIssue, isAnswersError } from './errors.js';
export type { AnswersIssue } from './errors.js';
export { loadAnswers, parseAnswersText } from './load.js';
export { resolveLocalPath } from './paths.js';
export type { LoadAnswersOptions, LoadedAnswers, ParseAnswersOptions } from './load.js';
export { Secret } from './secret.js';
export type { PromptFn, PromptRequest, SecretResolver } from './secret-resolver.js';
export { secretKeys } from './secret-refs.js';
export type { SecretKey } from './secret-refs.js';
export { answersFingerprint, canonicalJson, diffAnswersKeys } from './fingerprint.js';
export { answersKeyLocation } from './yaml-source.js';
export type { Location as AnswersLocation } from './yaml-source.js';
export { answersJsonSchema, answersJsonSchemaText, schemaRegenerateCommand } from './json-schema.js';
export { answersTemplate, schemaFilePath, schemaRefFor } from './template.js';
