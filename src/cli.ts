// `newspost <command> …`: the command-line face of the same engine the editor uses.
import * as path from 'path';
import { runCheck } from './cli/check';
import { runRender } from './cli/render';
import { runStrip } from './cli/strip';
import { loadCatalogForLocale, localeFromEnv, t } from './core/l10n';

// The messages in the language of the environment (LC_ALL, LC_MESSAGES, LANG): l10n/ next to dist/. First, so the
// summaries below are translated.
loadCatalogForLocale(localeFromEnv(), path.join(__dirname, '../l10n'));

type Command = (args: string[]) => Promise<number>;

const commands: Record<string, { run: Command; summary: string }> = {
  check: { run: runCheck, summary: t('check posts (default: the posts of the site in the current folder)') },
  render: { run: runRender, summary: t("print a post's body as the preview shows it (--report: the stripped items as JSON)") },
  strip: { run: runStrip, summary: t("strip the ad markup from posts' sources (--write to save)") },
};

function usage(): string {
  return [
    t('usage: newspost <command> [options]'),
    '',
    t('commands:'),
    ...Object.entries(commands).map(([name, c]) => `  ${name.padEnd(8)} ${c.summary}`),
    '',
    t('Run `newspost <command> --help` for its options.'),
  ].join('\n');
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h') {
    console.log(usage());
    return name ? 0 : 2;
  }
  const cmd = commands[name];
  if (!cmd) {
    console.error(`newspost: ${t("unknown command '{0}'", name)}\n\n${usage()}`);
    return 2;
  }
  return cmd.run(rest);
}

main(process.argv.slice(2)).then(
  code => { process.exitCode = code; },
  err => { console.error(`newspost: ${err instanceof Error ? err.stack : err}`); process.exitCode = 2; },
);
