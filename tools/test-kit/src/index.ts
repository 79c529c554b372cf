// Seeded randomness
export { SeededRandom } from './random.js';
// Fuzzing
export { mutate, expectOnly } from './mutate.js';
export type { MutationKind } from './mutate.js';
// Error codes
export { errorCode } from './errors.js';
