/**
 * The `code` of the `ErrorClass` error `fn` throws, or 'no error' when it returns. Anything else it
 * throws is rethrown unchanged, so a foreign error fails the test instead of becoming a code.
 */
export function errorCode(ErrorClass: abstract new (...args: never[]) => Error & { readonly code: string }, fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof ErrorClass) return e.code;
    throw e;
  }
  return 'no error';
}
