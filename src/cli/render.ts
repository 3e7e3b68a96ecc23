// `newspost render <file> [--report]`: the preview's body HTML of a post (rendered, stripped, sanitised), or
// with --report the stripped items as JSON [{rule, count}]; with --page the whole page as the preview shows it
// (the site page when the site has layouts, else the article only).
import * as fs from 'fs';
import * as path from 'path';
import { randomBytes } from 'crypto';
import { pathToFileURL } from 'url';
import { renderPost, bodyKindOf } from '../core/render';
import { Site, findSiteRoot, loadSite } from '../core/site';
import { kramdownOptionsOf } from '../core/kramdown';
import { renderSitePage, siteHasLayouts } from '../core/sitePage';
import { buildPreviewPage, buildSitePreviewPage, previewModel, sitePageNotes, MAX_PREVIEW_CHARS } from '../core/previewPage';
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
  --page               print the whole page as the preview shows it: the post inside the site's layouts,
                       includes and styles (file: URLs), or the article only when the site has no layouts
  --article            with --page: the article only, even when the site has layouts
  --no-strip           leave the ad markup in (as the live site shows it)
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
  let page = false;
  let article = false;
  let strip = true;
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
    else if (a === '--page') page = true;
    else if (a === '--article') article = true;
    else if (a === '--no-strip') strip = false;
    else if (a.startsWith('-') && a !== '-') return usage(unknownOption(a, ['--report', '--show-stripped', '--allow-http-images', '--no-anchors', '--page', '--article', '--no-strip', '--rules', '--disable', '--no-settings', '--help']));
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
  const abs = file === '-' ? path.join(process.cwd(), '-') : path.resolve(file);
  const root = findSiteRoot(abs);
  const site = root ? loadSite(root) : undefined;
  const kramdown = site ? kramdownOptionsOf(site.config.raw) ?? null : undefined;
  const options = {
    kind: bodyKindOf(file), kramdown, rules: strip ? r.rules.rules : [], mode: show ? 'show' as const : 'strip' as const, allowHttpImages: http ?? r.settings.allowHttpImages, anchors,
  };
  if (page) {
    const out = wholePage(text, abs, site, options, r.rules.problems, show, article);
    await new Promise<void>(resolve => process.stdout.write(out, () => resolve()));
    return 0;
  }
  const body = renderPost(text, options);
  const out = report ? JSON.stringify(body.counts.map(c => ({ rule: c.rule, count: c.count }))) + '\n' : body.blocks.join('');
  await new Promise<void>(resolve => process.stdout.write(out, () => resolve()));
  return 0;
}

/** The extension's media folder (dist/cli.js → ../media; out/src/cli/render.js → ../../../media). */
function mediaDir(): string {
  for (let dir = __dirname, i = 0; i < 5; i++, dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'media', 'themes'))) return path.join(dir, 'media');
  }
  return path.join(__dirname, '..', 'media');
}

/** The page the preview shows, with file: URLs for the stylesheets (no script: nothing to run outside the editor). */
function wholePage(text: string, file: string, site: Site | undefined, options: Parameters<typeof renderPost>[1] & object, problems: readonly string[], show: boolean, article: boolean): string {
  const media = mediaDir();
  const url = (f: string) => pathToFileURL(f).toString();
  const common = {
    nonce: randomBytes(18).toString('base64'), cspSource: 'file:', scriptUri: '', styleUri: url(path.join(media, 'preview.css')),
    chromeUri: url(path.join(media, 'preview-chrome.css')), allowHttpImages: !!options.allowHttpImages, showStripped: show, problems,
  };
  if (site && siteHasLayouts(site) && !article && text.length <= MAX_PREVIEW_CHARS) {
    const pg = renderSitePage({ text, path: file, site, themesDir: path.join(media, 'themes') }, { ...options, toUri: url });
    return buildSitePreviewPage({ ...common, page: pg, notes: sitePageNotes(pg) }) + '\n';
  }
  const m = previewModel({ text, path: file, site }, options);
  return buildPreviewPage({ ...common, header: m.header, body: m.body, mode: { mode: 'article', available: !!site && siteHasLayouts(site) } }) + '\n';
}

function usage(message: string): number {
  console.error(`newspost render: ${message}\n${t('Run `newspost render --help` for the options.')}`);
  return 2;
}
