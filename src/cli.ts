// `newspost <command> …`: the command-line face of the same engine the editor uses.
import { runCheck } from './cli/check';

type Command = (args: string[]) => Promise<number>;

const commands: Record<string, { run: Command; summary: string }> = {
  check: { run: runCheck, summary: 'check posts (default: the posts of the site in the current folder)' },
};

function usage(): string {
  return [
    'usage: newspost <command> [options]',
    '',
    'commands:',
    ...Object.entries(commands).map(([name, c]) => `  ${name.padEnd(8)} ${c.summary}`),
    '',
    'Run `newspost <command> --help` for its options.',
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
    console.error(`newspost: unknown command '${name}'\n\n${usage()}`);
    return 2;
  }
  return cmd.run(rest);
}

main(process.argv.slice(2)).then(
  code => { process.exitCode = code; },
  err => { console.error(`newspost: ${err instanceof Error ? err.stack : err}`); process.exitCode = 2; },
);
