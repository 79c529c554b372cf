import { errorCode } from '../src/index.js';

class CodedError extends Error {
  constructor(readonly code: string) {
    super(code);
  }
}

describe('errorCode', () => {
  it('returns the code of the expected error class', () => {
    expect(
      errorCode(CodedError, () => {
        throw new CodedError('BAD_INPUT');
      }),
    ).toBe('BAD_INPUT');
  });

  it("returns 'no error' when fn returns", () => {
    expect(errorCode(CodedError, () => 42)).toBe('no error');
  });

  it('rethrows any other error unchanged', () => {
    const foreign = new RangeError('offset out of bounds');
    expect(() =>
      errorCode(CodedError, () => {
        throw foreign;
      }),
    ).toThrow(foreign);
  });
});
