import { gorillaValueCodec } from '../src/encoding/index.js';
import { codecSuite } from './encoding-support.js';

/** gorillaValueCodec: seeded round trips, truncation, argument checks and 1,200 fuzz cases (shared suite). */
describe('gorillaValueCodec', () => {
  codecSuite(gorillaValueCodec, 'val', 505);
});
