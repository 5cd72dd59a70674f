// Imports point down only: core ← api ← graph ← runtime ← connectors, table ← rest, web ← cli, testing ← src/index.ts.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const RANK = { core: 0, api: 1, graph: 2, runtime: 3, connectors: 4, table: 4, rest: 5, web: 5, cli: 6, testing: 6 };
const src = resolve('src');

function layerOf(file) {
  const rel = relative(src, file).split(/[\\/]/);
  return rel.length === 1 ? 'index' : rel[0];
}
function rankOf(layer) {
  return layer === 'index' ? 99 : (RANK[layer] ?? -1);
}
function walk(dir, out) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path, out);
    else if (name.endsWith('.ts')) out.push(path);
  }
  return out;
}

const problems = [];
for (const file of walk(src, [])) {
  const from = layerOf(file);
  if (file.endsWith('.test.ts')) continue; // tests may use any layer's implementations
  if (rankOf(from) < 0) problems.push(`${relative('.', file)}: folder '${from}' has no place in the layer order`);
  const text = readFileSync(file, 'utf8');
  for (const m of text.matchAll(/(?:from|import)\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g)) {
    const target = resolve(dirname(file), m[1]);
    if (!target.startsWith(src)) continue;
    const to = layerOf(target);
    if (to === from) continue;
    const ok = rankOf(to) < rankOf(from);
    if (!ok)
      problems.push(
        `${relative('.', file)} imports ${m[1]}: '${from}' may not import '${to}' (imports point down only)`,
      );
  }
}
if (problems.length > 0) {
  console.error(problems.join('\n'));
  process.exit(1);
}
console.log('layers: ok');
