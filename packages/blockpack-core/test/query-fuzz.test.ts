import { SeededRandom, mutate } from '@mebo-internal/test-kit';
import { BlockpackReader } from '../src/reader/reader.js';
import { writeBlockpack } from '../src/writer/writer.js';
import { readerQuerySource } from '../src/query/source.js';
import { searchTraceQL } from '../src/query/search.js';
import { searchTagNames, searchTagValues } from '../src/query/tags.js';
import { BlockpackError } from '../src/shared/errors.js';
import { makeSpans, toOtlp } from './query-fixtures.js';

const QUERIES = [
  '{ resource.service.name = "api" && span.http.status_code >= 500 }',
  '{ status = error } >> { kind = server }',
  '{ span.user =~ "b.*" } || { duration > 1ms }',
  '{ trace:rootService = "api" && span.ratio > 0.2 }',
];

/** Search and tag calls over damaged files: only BlockpackError may escape, nothing hangs. */
describe('queries over corrupted files', () => {
  it('only throw BlockpackError', async () => {
    const good = await writeBlockpack([toOtlp(makeSpans(5, 12))], { blockSpans: 8 });
    const rng = new SeededRandom(4242);
    let rejected = 0;
    for (let i = 0; i < 250; i++) {
      const bytes = mutate(good, rng);
      try {
        const source = readerQuerySource(await BlockpackReader.open(bytes));
        for (const q of QUERIES) await searchTraceQL(source, q, { limit: 5 });
        await searchTagNames(source, { query: '{ status = error }' });
        await searchTagValues(source, '.user');
      } catch (e) {
        if (!(e instanceof BlockpackError)) throw new Error(`case ${i}: foreign error ${String(e)}`, { cause: e });
        rejected++;
      }
    }
    expect(rejected).toBeGreaterThan(0);
  });
});
