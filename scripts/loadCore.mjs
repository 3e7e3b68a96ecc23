// For the scripts that use the TypeScript core directly (benchmarks, docs generation): bundles the named
// exports of src/ with esbuild, as the extension and the CLI are bundled, and loads them.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import * as esbuild from 'esbuild';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** `exports` maps a module of src/ (e.g. 'core/check') to the names to take from it. */
export async function loadCore(exports) {
  const contents = Object.entries(exports).map(([mod, names]) => `export { ${names.join(', ')} } from './src/${mod}';`).join('\n');
  const bundle = path.join(os.tmpdir(), `newspost-core-${process.pid}-${Date.now()}.cjs`);
  await esbuild.build({
    stdin: { contents, resolveDir: root, loader: 'ts' },
    bundle: true, platform: 'node', format: 'cjs', outfile: bundle, logLevel: 'warning',
  });
  try {
    return createRequire(import.meta.url)(bundle);
  } finally {
    fs.rmSync(bundle);
  }
}

/** The site folder a benchmark reads: its first argument, else the corpus; exits (0) with a note when there is none. */
export function siteFolder(script) {
  const dir = path.resolve(process.argv[2] || path.join(root, '../shared/corpus/finews'));
  if (!fs.existsSync(path.join(dir, '_config.yml'))) {
    console.log(`${script}: no site at ${dir} (pass a folder with _config.yml); skipped`);
    process.exit(0);
  }
  return dir;
}
