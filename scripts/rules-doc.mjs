// Writes docs/rules.md from the rule registry (src/core/rules.ts). `--check` exits 1 when the file is stale.
import fs from 'node:fs';
import path from 'node:path';
import { loadCore, root } from './loadCore.mjs';

const { RULES } = await loadCore({ 'core/rules': ['RULES'] });

const order = { error: 0, warning: 1, info: 2 };
const rows = Object.entries(RULES).sort((a, b) => order[a[1].severity] - order[b[1].severity] || a[0].localeCompare(b[0]));
const text = `# Rules

Every problem News Post Editor reports has a stable code (shown in the Problems panel and by \`newspost check\`).
Severity means one thing everywhere:

- **error**: Jekyll will abort the build, drop the post, or ignore its front matter.
- **warning**: Jekyll builds something other than what was written, or a site convention is broken.
- **info**: by design (unpublished, future-dated), or worth knowing but as its author meant.

A post with no error is published; one with no warning is published exactly as written.

When a rule applies, and why it is worth acting on: each description below says it. Site conventions are
learned from the site, never assumed: the \`footer-*\` rules (all but \`footer-share-empty\`, an empty \`<>\` that
shows on any site) apply only where the site has the footer convention (\`newsPost.footer.*\` settings describe
it, or half of its other posts end with a footer; before the site is read, the post's own footer tells), and
\`category-unknown\` only for a near slip of a known category or a category outside the sources the settings
declare. A date written in another zone is the instant its author meant (\`date-other-offset\` is information, and
only when the day shown changes). The Liquid rules run the body as the builder's Liquid 4.0.4 does:
\`liquid-error\` is what aborts (on an unpublished or future post it is a warning until it is published).

Change a severity with the \`newsPost.diagnostics.severity\` setting (e.g. \`{"date-no-offset": "error"}\`), turn a rule
off with \`newsPost.diagnostics.disabledRules\` or \`newspost check --disable CODE\`.

Each code has an anchor here (\`docs/rules.md#date-no-offset\`): the editor links a problem's code to it.
Rules follow the site's builder (GitHub Pages or Jekyll 4: [builders.md](builders.md)); the \`config-*\` rules are
about the site itself and are reported on its \`_config.yml\`.

This file is generated from \`src/core/rules.ts\` by \`node scripts/rules-doc.mjs\`.

| code | severity | what it means |
| --- | --- | --- |
${rows.map(([code, r]) => `| <a id="${code}"></a>\`${code}\` | ${r.severity} | ${r.description.replace(/\|/g, '\\|')} |`).join('\n')}
`;
const file = path.join(root, 'docs/rules.md');
if (process.argv.includes('--check')) {
  const now = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  if (now !== text) { console.error('docs/rules.md is stale: run node scripts/rules-doc.mjs'); process.exit(1); }
} else fs.writeFileSync(file, text);
