import { rawTimestampCodec } from '../src/encoding/index.js';
import { codecSuite } from './encoding-support.js';

/** rawTimestampCodec: seeded round trips, truncation, argument checks and 1,200 fuzz cases (shared suite). */
describe('rawTimestampCodec', () => {
  codecSuite(rawTimestampCodec, 'ts', 101);
});
