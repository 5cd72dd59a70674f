// WordCount: the streaming classic. Reads a text file (the first argument, or a bundled sample), splits lines
// into words, and keeps a running count per word. Run it with: npx weir run examples/wordcount.ts [file]
import { readFileSync } from 'node:fs';
import { StreamExecutionEnvironment } from 'weir';

const file = process.argv[2] ?? new URL('./data/hamlet.txt', import.meta.url);
const lines = readFileSync(file, 'utf8').split('\n');

const env = StreamExecutionEnvironment.getExecutionEnvironment();

env
  .fromCollection(lines)
  .name('lines')
  .flatMap<[string, number]>((line, out) => {
    for (const word of line.toLowerCase().split(/[^a-z']+/)) {
      if (word.length > 0) out.collect([word, 1]);
    }
  })
  .name('tokenizer')
  .keyBy(([word]) => word)
  .sum(1)
  .name('counter')
  .print();

await env.execute('WordCount');
