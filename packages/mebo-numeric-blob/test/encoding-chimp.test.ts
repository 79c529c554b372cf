import { chimpValueCodec } from '../src/encoding/index.js';
import { codecSuite } from './encoding-support.js';

/** chimpValueCodec: seeded round trips, truncation, argument checks and 1,200 fuzz cases (shared suite). */
describe('chimpValueCodec', () => {
  codecSuite(chimpValueCodec, 'val', 606);
});
