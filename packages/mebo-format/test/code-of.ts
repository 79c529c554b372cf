import { errorCode } from '@mebo-internal/test-kit';
import { MeboError } from '../src/index.js';

/** The MeboError code `fn` throws, 'no error' if it returns; anything else is rethrown. */
export const codeOf = (fn: () => unknown): string => errorCode(MeboError, fn);
