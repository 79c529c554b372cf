import { deltaTimestampCodec } from '../src/encoding/index.js';
import { codecSuite } from './encoding-support.js';

/** deltaTimestampCodec: seeded round trips, truncation, argument checks and 1,200 fuzz cases (shared suite). */
describe('deltaTimestampCodec', () => {
  codecSuite(deltaTimestampCodec, 'ts', 202);
});
