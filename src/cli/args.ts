// Shared by the CLI's commands: what to say about an option they do not know.
import { t } from '../core/l10n';

/** Levenshtein distance, for "did you mean". */
function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length];
}

/** "unknown option --fromat (did you mean --format?)", or the list of the command's options when none is close. */
export function unknownOption(arg: string, known: readonly string[]): string {
  const flag = arg.startsWith('--') && arg.includes('=') ? arg.slice(0, arg.indexOf('=')) : arg;
  const close = known.map(k => ({ k, d: distance(flag, k) })).filter(x => x.d <= 2).sort((a, b) => a.d - b.d)[0];
  return close ? t('unknown option {0} (did you mean {1}?)', arg, close.k) : t('unknown option {0} (options: {1})', arg, known.join(', '));
}
