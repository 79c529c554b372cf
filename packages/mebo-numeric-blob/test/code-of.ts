import { MeboError } from '@mebo/format';

/** The MeboError code `fn` throws, 'no error' if it returns; anything else is rethrown. */
export function code(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof MeboError) return e.code;
    throw e;
  }
  return 'no error';
}
