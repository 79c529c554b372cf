// Seeded randomness
export { SeededRandom } from './random.js';
// Fuzzing
export { mutate, expectOnly } from './mutate.js';
export type { MutationKind } from './mutate.js';
// Error codes
export { errorCode } from './errors.js';
// README examples
export { runReadmeExample } from './readme.js';
export type { ReadmeRun } from './readme.js';
