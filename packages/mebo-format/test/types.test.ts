import { CompressionType, EncodingType, MeboError, MeboErrorCode, compressionName, encodingName } from '../src/index.js';

describe('format constants', () => {
  it('uses Go byte values', () => {
    expect(EncodingType.DeltaPacked).toBe(5);
    expect(EncodingType.ALP).toBe(6);
    expect(CompressionType.LZ4).toBe(4);
    expect(encodingName(3)).toBe('Gorilla');
    expect(compressionName(0)).toBe('unknown(0x0)');
  });
  it('MeboError carries code and offset', () => {
    const e = new MeboError(MeboErrorCode.Truncated, 'x', 12);
    expect(e).toBeInstanceOf(Error);
    expect(e.code).toBe('TRUNCATED');
    expect(e.message).toBe('x (at offset 12)');
  });
});
