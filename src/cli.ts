// `newspost <command> …`: the command-line face of the same engine the editor uses.
import * as fs from 'fs';
import * as path from 'path';
import { runCheck } from './cli/check';
import { runList } from './cli/list';
import { runRender } from './cli/render';
import { runStrip } from './cli/strip';
import { pendingTemps } from './cli/fix';
import { unknownOption } from './cli/args';
import { loadCatalogForLocale, localeFromEnv, t } from './core/l10n';

// The messages in the language of the environment (LC_ALL, LC_MESSAGES, LANG): l10n/ next to dist/. First, so the
// summaries below are translated.
loadCatalogForLocale(localeFromEnv(), path.join(__dirname, '../l10n'));

// A reader that stops reading (`newspost check | head`): the rest of the output is not wanted, so the run ends
// at once, quietly, with status 0 (what it found so far cannot be told apart from what it did not get to check).
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE' || e.code === 'ERR_STREAM_DESTROYED') {
      removeTemps();
      process.exit(0);
    }
    throw e;
  });
}

// Ctrl-C (or a kill): no half-written file is left behind (fixes are written to a temporary file first), and the
// process ends as interrupted by the signal, as a shell expects (it shows status 130 for SIGINT, 143 for SIGTERM).
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.once(signal, () => {
    removeTemps();
    process.kill(process.pid, signal);
  });
}

function removeTemps(): void {
  for (const f of pendingTemps) {
    try { fs.rmSync(f, { force: true }); } catch { /* gone */ }
  }
}

type Command = (args: string[]) => Promise<number>;

const commands: Record<string, { run: Command; summary: string }> = {
  check: { run: runCheck, summary: t('check posts (default: the posts of the site in the current folder); --fix applies the safe fixes') },
  list: { run: runList, summary: t('list every post as the builder builds it: fate, date, URL, title (text, JSON or CSV)') },
  render: { run: runRender, summary: t("print a post's body as the preview shows it (--report: the stripped items as JSON)") },
  strip: { run: runStrip, summary: t("strip the ad markup from posts' sources (--write to save)") },
  help: { run: async args => help(args), summary: t('show the help of a command: newspost help check') },
};

declare const NEWSPOST_VERSION: string | undefined;
/** The package's version (set by the bundler; the tests' tsc build has none). */
const version = typeof NEWSPOST_VERSION === 'string' ? NEWSPOST_VERSION : 'dev';

function usage(): string {
  return [
    t('usage: newspost <command> [options]'),
    '',
    t('commands:'),
    ...Object.entries(commands).map(([name, c]) => `  ${name.padEnd(8)} ${c.summary}`),
    '',
    t('Run `newspost <command> --help` for its options; `newspost --version` for the version.'),
  ].join('\n');
}

function help(args: string[]): Promise<number> {
  const [name] = args;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(usage());
    return Promise.resolve(0);
  }
  if (!commands[name]) {
    console.error(`newspost: ${t("unknown command '{0}' (commands: {1})", name, Object.keys(commands).join(', '))}`);
    return Promise.resolve(2);
  }
  return commands[name].run(['--help']);
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === '--help' || name === '-h') {
    console.log(usage());
    return 0;
  }
  if (name === '--version' || name === '-V') {
    console.log(version);
    return 0;
  }
  if (!name) {
    console.error(usage());
    return 2;
  }
  const cmd = commands[name];
  if (!cmd) {
    console.error(`newspost: ${name.startsWith('-') ? unknownOption(name, ['--help', '--version']) : t("unknown command '{0}' (commands: {1})", name, Object.keys(commands).join(', '))}\n${t('Run `newspost --help` for the commands.')}`);
    return 2;
  }
  return cmd.run(rest);
}

main(process.argv.slice(2)).then(
  code => { process.exitCode = code; },
  err => { console.error(`newspost: ${err instanceof Error ? err.stack : err}`); process.exitCode = 2; },
);
