import { benchXxhash } from './xxhash.bench.js';

await benchXxhash();
