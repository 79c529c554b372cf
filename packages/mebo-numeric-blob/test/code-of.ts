import { errorCode } from '@mebo-internal/test-kit';
import { MeboError } from '@mebo/format';

/** The MeboError code `fn` throws, 'no error' if it returns; anything else is rethrown. */
export const code = (fn: () => unknown): string => errorCode(MeboError, fn);
