import { deltaPackedTimestampCodec } from '../src/encoding/index.js';
import { codecSuite } from './encoding-support.js';

/** deltaPackedTimestampCodec: seeded round trips, truncation, argument checks and 1,200 fuzz cases (shared suite). */
describe('deltaPackedTimestampCodec', () => {
  codecSuite(deltaPackedTimestampCodec, 'ts', 303);
});
