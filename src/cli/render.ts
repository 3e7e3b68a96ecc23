// `newspost render <file> [--report]`: the preview's body HTML of a post (rendered, stripped, sanitised), or
// with --report the stripped items as JSON [{rule, count}].
import * as fs from 'fs';
import * as path from 'path';
import { renderPost, bodyKindOf } from '../core/render';
import { findSiteRoot, parseConfig } from '../core/site';
import { kramdownOptionsOf } from '../core/kramdown';
import { decodePost } from '../core/files';
import { RuleArgs, ruleOption, rulesFor, ruleOptionsHelp } from './previewOptions';
import { t } from '../core/l10n';
import { unknownOption } from './args';

/** The help text (a function: the catalog is loaded after this module). */
const help = () => t(`usage: newspost render <file> [--report] [options]

Prints the body of a post as the preview shows it: Markdown rendered with markdown-it (raw HTML on; .html
posts as written), the ad markup stripped by the strip rules, sanitised, with a data-line anchor per block.

  --report             print the stripped items instead, as JSON [{"rule": id, "count": n}]
  --show-stripped      keep the stripped items in place, outlined (the preview's toggle)
  --allow-http-images  keep http: images (default: a placeholder, as in the preview)
  --no-anchors         leave out the data-line/data-ch scroll anchors
{0}

Exit status: 0 done, 2 bad usage or unreadable file.`, ruleOptionsHelp());

export async function runRender(args: string[]): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    console.log(help());
    return 0;
  }
  const rules: RuleArgs = { disabled: [], noSettings: false };
  let report = false;
  let show = false;
  let http: boolean | undefined;
  let anchors = true;
  const files: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const took = ruleOption(args, i, rules);
    if (typeof took === 'string') return usage(took);
    if (took) { i += took - 1; continue; }
    if (a === '--report') report = true;
    else if (a === '--show-stripped') show = true;
    else if (a === '--allow-http-images') http = true;
    else if (a === '--no-anchors') anchors = false;
    else if (a.startsWith('-') && a !== '-') return usage(unknownOption(a, ['--report', '--show-stripped', '--allow-http-images', '--no-anchors', '--rules', '--disable', '--no-settings', '--help']));
    else files.push(a);
  }
  if (files.length !== 1) return usage(files.length ? t('render takes one file') : t('which file?'));
  const file = files[0];
  let text: string;
  try {
    const bytes = file === '-' ? fs.readFileSync(0) : fs.readFileSync(file);
    text = decodePost(bytes).text;
  } catch (e) {
    console.error(`newspost render: ${e instanceof Error ? e.message : String(e)}`);
    return 2;
  }
  const r = rulesFor(file === '-' ? process.cwd() + '/-' : file, rules);
  if (typeof r === 'string') return usage(r);
  for (const p of r.rules.problems) console.error(`newspost render: ${t('rule ignored: {0}', p)}`);
  // Markdown as the site's builder reads it (its `markdown:` and `kramdown:` settings)
  const root = findSiteRoot(file === '-' ? path.join(process.cwd(), '-') : path.resolve(file));
  let kramdown;
  try {
    if (root) kramdown = kramdownOptionsOf(parseConfig(fs.readFileSync(path.join(root, '_config.yml'), 'utf8')).raw) ?? null;
  } catch {
    // an unreadable _config.yml: Jekyll's defaults
  }
  const body = renderPost(text, {
    kind: bodyKindOf(file), kramdown, rules: r.rules.rules, mode: show ? 'show' : 'strip', allowHttpImages: http ?? r.settings.allowHttpImages, anchors,
  });
  const out = report ? JSON.stringify(body.counts.map(c => ({ rule: c.rule, count: c.count }))) + '\n' : body.blocks.join('');
  await new Promise<void>(resolve => process.stdout.write(out, () => resolve()));
  return 0;
}

function usage(message: string): number {
  console.error(`newspost render: ${message}\n${t('Run `newspost render --help` for the options.')}`);
  return 2;
}
