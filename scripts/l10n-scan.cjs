// Finds every translatable message in src/ the way @vscode/l10n-dev does: calls of the core `t` (imported from
// .../l10n) and of `vscode.l10n.t` / `l10n.t`, whose first argument must be a string literal (the English message,
// which is the key of l10n/bundle.l10n.<lang>.json). Used by test/unit/l10n.test.ts and, from the command line,
// `node scripts/l10n-scan.cjs [lang]` lists the messages that lack a translation (default lang: zh-cn) and the
// translations no message uses any more.
'use strict';
const fs = require('fs');
const path = require('path');
const ts = require('typescript');

function* sourceFiles(dir) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) yield* sourceFiles(p);
    else if (/\.tsx?$/.test(e.name) && !e.name.endsWith('.d.ts')) yield p;
  }
}

/** The placeholder indexes of a message, sorted and unique: 'a {1} b {0} {1}' → [0, 1]. */
function placeholders(message) {
  return [...new Set([...message.matchAll(/\{(\d+)\}/g)].map(m => Number(m[1])))].sort((a, b) => a - b);
}

/**
 * Scans the sources. Returns messages (English text → [{file, line, args}]) and problems: calls whose first argument
 * is not a string literal, and calls whose placeholders are not exactly {0}…{n-1} for their n arguments.
 */
function scan(srcDir) {
  const messages = new Map();
  const problems = [];
  for (const file of sourceFiles(srcDir)) {
    const text = fs.readFileSync(file, 'utf8');
    if (!/\bl10n\b/.test(text)) continue;
    const sf = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
    // local names bound to the core t: import { t } / import { t as tr } from '…/l10n'
    const local = new Set();
    for (const st of sf.statements) {
      if (!ts.isImportDeclaration(st) || !ts.isStringLiteral(st.moduleSpecifier) || !/(^|\/)l10n$/.test(st.moduleSpecifier.text)) continue;
      const named = st.importClause && st.importClause.namedBindings;
      if (named && ts.isNamedImports(named)) {
        for (const el of named.elements) if ((el.propertyName || el.name).text === 't') local.add(el.name.text);
      }
    }
    const rel = path.relative(path.dirname(srcDir), file).split(path.sep).join('/');
    const visit = node => {
      if (ts.isCallExpression(node)) {
        const callee = node.expression;
        const isCore = ts.isIdentifier(callee) && local.has(callee.text);
        const isVscode = ts.isPropertyAccessExpression(callee) && callee.name.text === 't' &&
          (ts.isIdentifier(callee.expression) ? callee.expression.text === 'l10n'
            : ts.isPropertyAccessExpression(callee.expression) && callee.expression.name.text === 'l10n');
        if (isCore || isVscode) {
          const line = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;
          const arg = node.arguments[0];
          if (!arg || !(ts.isStringLiteral(arg) || ts.isNoSubstitutionTemplateLiteral(arg))) {
            problems.push(`${rel}:${line}: the message of ${callee.getText(sf)}() is not a string literal: ${arg ? arg.getText(sf).slice(0, 80) : '(none)'}`);
          } else {
            const args = node.arguments.length - 1;
            const spread = node.arguments.some(a => ts.isSpreadElement(a));
            const want = [...Array(args).keys()].join(',');
            if (!spread && placeholders(arg.text).join(',') !== want) {
              problems.push(`${rel}:${line}: ${JSON.stringify(arg.text)} has placeholders {${placeholders(arg.text).join('},{')}} for ${args} argument(s)`);
            }
            if (!messages.has(arg.text)) messages.set(arg.text, []);
            messages.get(arg.text).push({ file: rel, line, args });
          }
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
  return { messages, problems };
}

module.exports = { scan, placeholders, sourceFiles };

if (require.main === module) {
  const root = path.resolve(__dirname, '..');
  const lang = process.argv[2] || 'zh-cn';
  const { messages, problems } = scan(path.join(root, 'src'));
  const bundleFile = path.join(root, 'l10n', `bundle.l10n.${lang}.json`);
  const bundle = fs.existsSync(bundleFile) ? JSON.parse(fs.readFileSync(bundleFile, 'utf8')) : {};
  for (const p of problems) console.log(`problem: ${p}`);
  let missing = 0;
  for (const [m, where] of messages) {
    if (bundle[m]) continue;
    missing++;
    console.log(`missing (${where[0].file}:${where[0].line}): ${JSON.stringify(m)}`);
  }
  const unused = Object.keys(bundle).filter(k => !messages.has(k));
  for (const k of unused) console.log(`unused: ${JSON.stringify(k)}`);
  console.log(`${messages.size} messages, ${missing} without a ${lang} translation, ${unused.length} unused translations, ${problems.length} problems`);
  if (process.argv.includes('--json')) {
    // the untranslated messages as a bundle skeleton, to fill in
    const skeleton = {};
    for (const m of messages.keys()) if (!bundle[m]) skeleton[m] = '';
    console.log(JSON.stringify(skeleton, null, 2));
  }
  process.exitCode = missing || problems.length ? 1 : 0;
}
