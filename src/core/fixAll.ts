/**
 * "Fix all": the preferred fix of each problem, applied together, as ESLint's `--fix` does. Only fixes that are
 * text edits in the post (no rename) and marked preferred (the safe one) are taken; edits that overlap an
 * earlier one wait for the next pass, which checks the new text again. Pure: no `vscode`.
 */
import { Diagnostic, Fix, TextEdit } from './types';

/** The fix "fix all" takes for a problem: its preferred fix when that is a text edit of the post. */
export function safeFixOf(d: Diagnostic): Fix | undefined {
  const f = d.fixes?.find(x => x.preferred);
  return f && !f.renameTo && f.edits.length ? f : undefined;
}

/** The text with the edits applied (they must not overlap). */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  let out = '';
  let at = 0;
  for (const e of [...edits].sort((a, b) => a.start - b.start || a.end - b.end)) {
    out += text.slice(at, e.start) + e.newText;
    at = e.end;
  }
  return out + text.slice(at);
}

/** One pass: the safe fixes of these problems that do not overlap each other (in order), and what they fix. */
export function fixPass(diagnostics: readonly Diagnostic[], only?: (d: Diagnostic) => boolean): { edits: TextEdit[]; fixed: Diagnostic[] } {
  const edits: TextEdit[] = [];
  const fixed: Diagnostic[] = [];
  const taken = new Set<Fix>();
  for (const d of diagnostics) {
    if (only && !only(d)) continue;
    const f = safeFixOf(d);
    if (!f) continue;
    if (taken.has(f)) { fixed.push(d); continue; } // one fix shared by several problems (e.g. a footer's parts)
    const clash = f.edits.some(e => edits.some(o => e.start < o.end && o.start < e.end || (e.start === e.end && e.start === o.start) || (o.start === o.end && o.start === e.start)));
    if (clash) continue;
    edits.push(...f.edits);
    taken.add(f);
    fixed.push(d);
  }
  return { edits, fixed };
}

export interface FixAllResult {
  text: string;
  /** Problems fixed, over all passes. */
  fixed: number;
  passes: number;
}

/**
 * Applies the safe fixes of `check(text)` until none is left (at most `maxPasses` passes; a fix that brings its
 * problem back stops it). `only` limits it to some problems (e.g. one rule code).
 */
export function fixAll(text: string, check: (text: string) => readonly Diagnostic[], only?: (d: Diagnostic) => boolean, maxPasses = 5): FixAllResult {
  let fixed = 0;
  let passes = 0;
  const seen = new Set<string>([text]);
  while (passes < maxPasses) {
    const pass = fixPass(check(text), only);
    if (!pass.edits.length) break;
    const next = applyEdits(text, pass.edits);
    if (seen.has(next)) break;
    seen.add(next);
    text = next;
    fixed += pass.fixed.length;
    passes++;
  }
  return { text, fixed, passes };
}
