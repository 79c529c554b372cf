import { rawValueCodec } from '../src/encoding/index.js';
import { codecSuite } from './encoding-support.js';

/** rawValueCodec: seeded round trips, truncation, argument checks and 1,200 fuzz cases (shared suite). */
describe('rawValueCodec', () => {
  codecSuite(rawValueCodec, 'val', 404);
});
