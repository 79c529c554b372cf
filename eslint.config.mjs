// The rules live in .eslintrc.json (the owner's choice); FlatCompat lets ESLint 9+ read them.
import { readFileSync } from 'node:fs';
import { FlatCompat } from '@eslint/eslintrc';
import js from '@eslint/js';
const compat = new FlatCompat({ baseDirectory: import.meta.dirname, recommendedConfig: js.configs.recommended });
export default compat.config(JSON.parse(readFileSync(new URL('./.eslintrc.json', import.meta.url), 'utf8')));
