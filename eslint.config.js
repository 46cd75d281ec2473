// ESLint 10 reads only flat config; .eslintrc.json stays the one real rule set (STACK.md).
import { FlatCompat } from '@eslint/eslintrc';
import js from '@eslint/js';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const baseDirectory = path.dirname(fileURLToPath(import.meta.url));
const compat = new FlatCompat({ baseDirectory, recommendedConfig: js.configs.recommended });

export default [
  ...compat.config(
    JSON.parse(await import('node:fs').then((fs) => fs.readFileSync(path.join(baseDirectory, '.eslintrc.json'), 'utf8'))),
  ),
  { languageOptions: { parserOptions: { tsconfigRootDir: baseDirectory } } },
];
