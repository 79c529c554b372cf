import { MeboError } from '../src/index.js';

/** The MeboError code `fn` throws, 'no error' if it returns; anything else is rethrown. */
export function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof MeboError) return e.code;
    throw e;
  }
  return 'no error';
}
