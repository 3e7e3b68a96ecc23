// `newspost check [paths or globs…] [--format text|json|sarif]`
import * as fs from 'fs';
import * as path from 'path';
import { checkPost, postKind } from '../core/check';
import { SiteCache, findSiteRoot } from '../core/site';
import { readPostFile, walk, expandGlob } from '../core/files';
import { LineIndex } from '../core/text';
import { RULES } from '../core/rules';
import { Severity } from '../core/types';

export interface Finding {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: Severity;
  code: string;
  message: string;
}

const HELP = `usage: newspost check [paths or globs…] [--format text|json|sarif] [--disable code,code]

Checks Jekyll posts (.md, .markdown, .html under _posts/ or _drafts/) as Jekyll 4 reads them.
With no path: the posts of the site in the current folder (the nearest folder with a _config.yml).
A folder means every post below it; a glob (quote it) is matched against file paths.

  --format text   one line per problem: file:line:column: severity: message [code] (default)
  --format json   an array of {file, line, column, endLine, endColumn, severity, code, message}, 1-based
  --format sarif  SARIF 2.1.0, for code-scanning tools
  --disable LIST  skip these rule codes (comma-separated)

Exit status: 0 no error, 1 at least one error, 2 bad usage.`;

interface Args { paths: string[]; format: 'text' | 'json' | 'sarif'; disabled: string[] }

function parseArgs(args: string[]): Args | string {
  const out: Args = { paths: [], format: 'text', disabled: [] };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const [flag, inline] = a.startsWith('--') && a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    const value = () => inline ?? args[++i];
    if (flag === '--format' || flag === '-f') {
      const v = value();
      if (v !== 'text' && v !== 'json' && v !== 'sarif') return `--format takes text, json or sarif (got ${v ?? 'nothing'})`;
      out.format = v;
    } else if (flag === '--disable') {
      const v = value();
      if (!v) return '--disable takes a comma-separated list of rule codes';
      out.disabled.push(...v.split(',').map(s => s.trim()).filter(Boolean));
    } else if (a.startsWith('-')) return `unknown option ${a}`;
    else out.paths.push(a);
  }
  for (const c of out.disabled) if (!RULES[c]) return `unknown rule code '${c}'`;
  return out;
}

/** The files the arguments name: files as given, folders walked, globs expanded. */
export function resolveInputs(paths: string[], cwd: string): { files: string[]; missing: string[] } {
  const files: string[] = [];
  const missing: string[] = [];
  if (paths.length === 0) {
    const root = findSiteRoot(path.join(cwd, '_'));
    if (root) files.push(...walk(root));
    else missing.push('(no _config.yml in this folder or above it)');
  }
  for (const p of paths) {
    const abs = path.resolve(cwd, p);
    if (/[*?{]/.test(p)) {
      const before = files.length;
      files.push(...expandGlob(p, cwd));
      if (files.length === before) missing.push(p);
    } else if (fs.existsSync(abs)) {
      files.push(...(fs.statSync(abs).isDirectory() ? walk(abs) : [abs]));
    } else missing.push(p);
  }
  return { files: [...new Set(files)], missing };
}

export function checkFiles(files: string[], cwd: string, disabled: string[] = []): { findings: Finding[]; posts: number } {
  const sites = new SiteCache();
  const findings: Finding[] = [];
  let posts = 0;
  for (const file of files) {
    const site = sites.forFile(file);
    if (!postKind(file, site) || (!site && !/(^|[\\/])_(posts|drafts)[\\/]/.test(file))) continue;
    posts++;
    const rel = path.relative(cwd, file) || file;
    let read;
    try {
      read = readPostFile(file);
    } catch (e) {
      findings.push({ file: rel, line: 1, column: 1, endLine: 1, endColumn: 1, severity: 'error', code: 'file-unreadable', message: `Cannot read this file: ${(e as Error).message}` });
      continue;
    }
    const result = checkPost({ text: read.text, path: file, site, invalidUtf8: read.invalidUtf8 }, { disabled, maxBodyLength: read.truncated ? 0 : undefined });
    const li = new LineIndex(read.text);
    for (const d of result.diagnostics) {
      const s = li.position(d.start);
      const e = li.position(d.end);
      findings.push({ file: rel, line: s.line + 1, column: s.character + 1, endLine: e.line + 1, endColumn: e.character + 1, severity: d.severity, code: d.code, message: d.message });
    }
  }
  return { findings, posts };
}

function sarif(findings: Finding[]): unknown {
  const level = (s: Severity) => (s === 'info' ? 'note' : s);
  return {
    version: '2.1.0',
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    runs: [{
      tool: { driver: { name: 'newspost', informationUri: 'https://github.com/newspost/news-post-editor', rules: Object.entries(RULES).map(([id, r]) => ({ id, shortDescription: { text: r.description }, defaultConfiguration: { level: level(r.severity) } })) } },
      results: findings.map(f => ({
        ruleId: f.code, level: level(f.severity), message: { text: f.message },
        locations: [{ physicalLocation: { artifactLocation: { uri: f.file.split(path.sep).join('/') }, region: { startLine: f.line, startColumn: f.column, endLine: f.endLine, endColumn: f.endColumn } } }],
      })),
    }],
  };
}

export async function runCheck(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(HELP);
    return 0;
  }
  const args = parseArgs(argv);
  if (typeof args === 'string') {
    console.error(`newspost check: ${args}\n\n${HELP}`);
    return 2;
  }
  const cwd = process.cwd();
  const { files, missing } = resolveInputs(args.paths, cwd);
  if (missing.length && files.length === 0) {
    console.error(`newspost check: nothing to check: ${missing.join(', ')}`);
    return 2;
  }
  for (const m of missing) console.error(`newspost check: no such file or match: ${m}`);
  const { findings, posts } = checkFiles(files, cwd, args.disabled);
  const count = (s: Severity) => findings.filter(f => f.severity === s).length;
  if (args.format === 'json') process.stdout.write(JSON.stringify(findings, null, 2) + '\n');
  else if (args.format === 'sarif') process.stdout.write(JSON.stringify(sarif(findings), null, 2) + '\n');
  else {
    const lines = findings.map(f => `${f.file}:${f.line}:${f.column}: ${f.severity}: ${f.message} [${f.code}]`);
    if (lines.length) process.stdout.write(lines.join('\n') + '\n');
    const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`;
    console.log(`${plural(count('error'), 'error')}, ${plural(count('warning'), 'warning')}, ${plural(count('info'), 'info')} in ${plural(posts, 'post')}`);
  }
  return count('error') > 0 ? 1 : 0;
}
