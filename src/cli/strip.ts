// `newspost strip [--write] <paths…>`: the preview's strip rules applied to post sources in bulk, as the editor's
// "Strip Ad Markup in This Post" does (deletions only; front matter and everything else byte-identical).
import * as fs from 'fs';
import * as path from 'path';
import { stripSource, applyEdits } from '../core/stripSource';
import { bodyKindOf } from '../core/render';
import { decodePost, walk, expandGlob } from '../core/files';
import { RuleArgs, ruleOption, rulesFor, RULE_OPTIONS_HELP } from './previewOptions';

const HELP = `usage: newspost strip [--write] <paths or globs…> [options]

Strips the ad markup (K-line chart blocks, hidden elements, quote-link spans, scripts, styles, iframes, ad
slots, tracking pixels, and your own rules) from the source of posts: .md, .markdown and .html files, given
one by one, as folders (walked) or as globs (quote them). Only the stripped markup is deleted.

  --write          write the files (default: only report what would be stripped)
  --quiet          no line per file, only the summary
${RULE_OPTIONS_HELP}

Exit status: 0 nothing to strip (or --write done), 1 something to strip (without --write), 2 bad usage,
a missing path or an unreadable file.`;

const POST_FILE = /\.(md|markdown|html)$/i;
const MAX_BYTES = 64 * 1024 * 1024;

export async function runStrip(args: string[]): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    console.log(HELP);
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
    else if (a.startsWith('-')) return usage(`unknown option ${a}`);
    else paths.push(a);
  }
  if (!paths.length) return usage('which posts? (give files, folders or globs)');

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
      console.error(`newspost strip: ${p}: no such post`);
      failed = true;
    }
  }

  let changed = 0;
  let items = 0;
  for (const file of [...new Set(files)]) {
    const rel = path.relative(cwd, file) || file;
    let bytes: Buffer;
    try {
      if (fs.statSync(file).size > MAX_BYTES) throw new Error(`larger than ${MAX_BYTES / 1048576} MB, skipped`);
      bytes = fs.readFileSync(file);
    } catch (e) {
      console.error(`newspost strip: ${rel}: ${e instanceof Error ? e.message : String(e)}`);
      failed = true;
      continue;
    }
    const { text, invalidUtf8 } = decodePost(bytes);
    if (invalidUtf8 || text.includes('\0')) {
      console.error(`newspost strip: ${rel}: not UTF-8 text, skipped`);
      failed = true;
      continue;
    }
    const r = rulesFor(file, rules);
    if (typeof r === 'string') return usage(r);
    for (const p of r.rules.problems) console.error(`newspost strip: ${rel}: rule ignored: ${p}`);
    const s = stripSource(text, { rules: r.rules.rules, kind: bodyKindOf(file) });
    if (!s.edits.length) continue;
    changed++;
    items += s.total;
    if (write) fs.writeFileSync(file, applyEdits(text, s.edits), 'utf8');
    if (!quiet) console.log(`${rel}: ${s.summary}${write ? '' : ' (not written)'}`);
  }
  const n = files.length;
  const summary = changed
    ? `${items} item${items === 1 ? '' : 's'} in ${changed} of ${n} post${n === 1 ? '' : 's'} ${write ? 'stripped' : 'to strip (run with --write to strip them)'}`
    : `nothing to strip in ${n} post${n === 1 ? '' : 's'}`;
  console.log(summary);
  if (failed) return 2;
  return changed && !write ? 1 : 0;
}

function usage(message: string): number {
  console.error(`newspost strip: ${message}\n\n${HELP}`);
  return 2;
}
