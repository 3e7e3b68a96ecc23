// The workspace of the whole-site suite: a generated news site (scripts/gen-site.cjs, fixed seed) of
// NEWSPOST_SITE_POSTS posts (default 3000), written fresh into out/integration-site/ before VS Code opens it.
import * as fs from 'fs';
import * as path from 'path';

export function makeSite(): string {
  const root = path.resolve(__dirname, '../../../..'); // out/test/integration/site -> repo root
  const dir = path.join(root, 'out/integration-site');
  fs.rmSync(dir, { recursive: true, force: true });
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const { generateSite } = require(path.join(root, 'scripts/gen-site.cjs'));
  const posts = Number(process.env.NEWSPOST_SITE_POSTS || 3000);
  const g = generateSite(dir, { posts, odd: true });
  console.log(`whole-site suite: ${g.files.length} posts generated in ${dir}`);
  return dir;
}
