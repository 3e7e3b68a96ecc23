// `newspost strip [--write] <paths…>`: the preview's strip rules applied to post sources in bulk, as the editor's
// "Strip Ad Markup in This Post" does (deletions only; front matter and everything else byte-identical).
import * as fs from 'fs';
import * as path from 'path';
import { stripSource, applyEdits } from '../core/stripSource';
import { bodyKindOf } from '../core/render';
import { decodePost, walk, expandGlob } from '../core/files';
import { RuleArgs, ruleOption, rulesFor, ruleOptionsHelp } from './previewOptions';
import { t } from '../core/l10n';
import { unknownOption } from './args';

/** The help text (a function: the catalog is loaded after this module). */
const help = () => t(`usage: newspost strip [--write] <paths or globs…> [options]

Strips the ad markup (K-line chart blocks, hidden elements, quote-link spans, scripts, styles, iframes, ad
slots, tracking pixels, and your own rules) from the source of posts: .md, .markdown and .html files, given
one by one, as folders (walked) or as globs (quote them). Only the stripped markup is deleted.

  --write          write the files (default: only report what would be stripped)
  --quiet          no line per file, only the summary
{0}

Exit status: 0 nothing to strip (or --write done), 1 something to strip (without --write), 2 bad usage,
a missing path or an unreadable file.`, ruleOptionsHelp());

const POST_FILE = /\.(md|markdown|html)$/i;
const MAX_BYTES = 64 * 1024 * 1024;

export async function runStrip(args: string[]): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    console.log(help());
    return 0;
  }
  const rules: RuleArgs = { disabled: [], noSettings: false };
  let write = false;
  let quiet = false;
  const paths: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const took = ruleOption(args, i, rules);
    if (typeof took === 'string') return usage(took);
    if (took) { i += took - 1; continue; }
    if (a === '--write' || a === '-w') write = true;
    else if (a === '--quiet' || a === '-q') quiet = true;
    else if (a.startsWith('-')) return usage(unknownOption(a, ['--write', '--quiet', '--rules', '--disable', '--no-settings', '--help']));
    else paths.push(a);
  }
  if (!paths.length) return usage(t('which posts? (give files, folders or globs)'));

  const cwd = process.cwd();
  const files: string[] = [];
  let failed = false;
  for (const p of paths) {
    const before = files.length;
    if (/[*?{]/.test(p)) files.push(...[...expandGlob(p, cwd)].filter(f => POST_FILE.test(f)));
    else {
      const abs = path.resolve(cwd, p);
      let st: fs.Stats | undefined;
      try { st = fs.statSync(abs); } catch { /* missing */ }
      if (st?.isDirectory()) files.push(...[...walk(abs)].filter(f => POST_FILE.test(f)));
      else if (st) files.push(abs);
    }
    if (files.length === before) {
      console.error(`newspost strip: ${t('{0}: no such post', p)}`);
      failed = true;
    }
  }

  let changed = 0;
  let items = 0;
  for (const file of [...new Set(files)]) {
    const rel = path.relative(cwd, file) || file;
    let bytes: Buffer;
    try {
      if (fs.statSync(file).size > MAX_BYTES) throw new Error(t('larger than {0} MB, skipped', MAX_BYTES / 1048576));
      bytes = fs.readFileSync(file);
    } catch (e) {
      console.error(`newspost strip: ${rel}: ${e instanceof Error ? e.message : String(e)}`);
      failed = true;
      continue;
    }
    const { text, invalidUtf8 } = decodePost(bytes);
    if (invalidUtf8 || text.includes('\0')) {
      console.error(`newspost strip: ${t('{0}: not UTF-8 text, skipped', rel)}`);
      failed = true;
      continue;
    }
    const r = rulesFor(file, rules);
    if (typeof r === 'string') return usage(r);
    for (const p of r.rules.problems) console.error(`newspost strip: ${t('{0}: rule ignored: {1}', rel, p)}`);
    const s = stripSource(text, { rules: r.rules.rules, kind: bodyKindOf(file) });
    if (!s.edits.length) continue;
    changed++;
    items += s.total;
    if (write) fs.writeFileSync(file, applyEdits(text, s.edits), 'utf8');
    if (!quiet) console.log(write ? `${rel}: ${s.summary}` : t('{0}: {1} (not written)', rel, s.summary));
  }
  const n = files.length;
  // self-contained phrases ("9 items", "3 posts") filling whole sentences
  const itemsText = items === 1 ? t('1 item') : t('{0} items', items);
  const postsText = n === 1 ? t('1 post') : t('{0} posts', n);
  const summary = !changed ? t('nothing to strip in {0}', postsText)
    : write ? t('{0} in {1} of {2} stripped', itemsText, changed, postsText)
      : t('{0} in {1} of {2} to strip (run with --write to strip them)', itemsText, changed, postsText);
  console.log(summary);
  if (failed) return 2;
  return changed && !write ? 1 : 0;
}

function usage(message: string): number {
  console.error(`newspost strip: ${message}\n${t('Run `newspost strip --help` for the options.')}`);
  return 2;
}
