/** Inline `style` attributes: reading declarations, and keeping only harmless ones for the preview. */

export interface Declaration {
  prop: string;
  value: string;
}

/** Splits a style attribute into declarations (`;` outside quotes and parentheses), property names lower-cased. */
export function parseStyle(style: string): Declaration[] {
  const out: Declaration[] = [];
  let depth = 0;
  let quote = '';
  let start = 0;
  const push = (end: number) => {
    const decl = style.slice(start, end);
    const colon = decl.indexOf(':');
    if (colon > 0) {
      const prop = decl.slice(0, colon).trim().toLowerCase();
      const value = decl.slice(colon + 1).trim();
      if (prop) out.push({ prop, value });
    }
    start = end + 1;
  };
  for (let i = 0; i < style.length; i++) {
    const c = style[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '(') depth++;
    else if (c === ')') depth = Math.max(0, depth - 1);
    else if (c === ';' && depth === 0) push(i);
  }
  push(style.length);
  return out;
}

const ALLOWED_PROPS = new Set([
  'color', 'background-color', 'text-align', 'text-indent', 'text-decoration', 'text-transform', 'font-weight',
  'font-style', 'font-size', 'font-family', 'line-height', 'letter-spacing', 'word-spacing', 'word-break', 'white-space',
  'vertical-align', 'float', 'clear', 'display', 'visibility', 'overflow', 'width', 'height', 'max-width', 'min-width',
  'max-height', 'min-height', 'list-style-type', 'border-collapse', 'border-spacing',
]);
const ALLOWED_PREFIXES = ['margin', 'padding', 'border'];

// Anything that could fetch, run or escape: url(), image-set(), expression(), escapes, comments, at-rules.
const UNSAFE_VALUE = /url\s*\(|image(?:-set)?\s*\(|expression|javascript|vbscript|behaviou?r|binding|\\|\/\*|@|[<>{}]|&#/i;

/**
 * Keeps the declarations of an allow-list of properties whose values cannot load or run anything.
 * `reveal` drops what hides the element (to show hidden stripped items in place).
 */
export function sanitizeStyle(style: string, reveal = false): string {
  const kept: string[] = [];
  for (const d of parseStyle(style)) {
    if (!(ALLOWED_PROPS.has(d.prop) || ALLOWED_PREFIXES.some(p => d.prop === p || d.prop.startsWith(p + '-')))) continue;
    if (!d.value || UNSAFE_VALUE.test(d.value)) continue;
    if (reveal && (d.prop === 'display' || d.prop === 'visibility' || d.prop === 'height' || d.prop === 'overflow')) continue;
    kept.push(`${d.prop}:${d.value}`);
  }
  return kept.join(';');
}
