/** Maps the cores' token kinds to an LSP semantic-token legend and encodes them. */
import type { SemanticTokens, SemanticTokensLegend } from 'vscode-languageserver/node';
import type { Range, Token, TokenKind } from '../common/types';

/** Standard token types first, so every theme colours them; custom ones fall back via package.json superTypes. */
export const legend: SemanticTokensLegend = {
  tokenTypes: ['comment', 'keyword', 'property', 'number', 'type', 'function', 'string', 'enumMember', 'namespace', 'macro', 'variable'],
  tokenModifiers: ['declaration', 'deprecated', 'modification', 'readonly'],
};

const typeIndex: Record<TokenKind, number> = {
  timestamp: 0, // comment
  comment: 0,
  keyword: 1,
  field: 2,     // property
  number: 3,
  unit: 4,      // type
  stack: 5,     // function
  process: 6,   // string
  string: 6,
  victim: 10,   // variable + declaration|modification: the killed process stands out
  flag: 7,      // enumMember
  path: 8,      // namespace
  section: 9,   // macro
};

const MOD_DECLARATION = 1 << 0;
const MOD_DEPRECATED = 1 << 1;
const MOD_MODIFICATION = 1 << 2;

/** Encodes tokens (any order, possibly overlapping) as LSP relative integers, optionally limited to a range. */
export function encodeTokens(tokens: Token[], range?: Range): SemanticTokens {
  // the OOM-log tokens arrive ready (in order, non-empty, inside the range): no copies, no sort
  let list = tokens;
  if (!ready(tokens, range)) {
    list = tokens.filter(t => t.length > 0);
    if (range) list = list.filter(t => t.line >= range.start.line && t.line <= range.end.line);
    list.sort((a, b) => a.line - b.line || a.start - b.start);
  }
  // sized once: an array grown by push is copied each time it fills, and every copy is garbage
  const data: number[] = new Array(list.length * 5);
  let n = 0;
  let prevLine = 0;
  let prevStart = 0;
  let lastEnd = -1;
  let lastLine = -1;
  for (const t of list) {
    if (t.line === lastLine && t.start < lastEnd) continue; // drop overlaps: LSP tokens must not overlap
    const deltaLine = t.line - prevLine;
    const deltaStart = deltaLine === 0 ? t.start - prevStart : t.start;
    let mods = 0;
    if (t.kind === 'victim') mods |= MOD_DECLARATION | MOD_MODIFICATION;
    if (t.deprecated) mods |= MOD_DEPRECATED;
    data[n++] = deltaLine;
    data[n++] = deltaStart;
    data[n++] = t.length;
    data[n++] = typeIndex[t.kind];
    data[n++] = mods;
    prevLine = t.line;
    prevStart = t.start;
    lastLine = t.line;
    lastEnd = t.start + t.length;
  }
  data.length = n; // overlaps dropped
  return { data };
}

/** Already what encodeTokens would make of them: non-empty, inside `range`, sorted by line and start? */
function ready(tokens: Token[], range: Range | undefined): boolean {
  let prev: Token | undefined;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (!(t.length > 0)) return false;
    if (range && (t.line < range.start.line || t.line > range.end.line)) return false;
    if (prev && (t.line < prev.line || (t.line === prev.line && t.start < prev.start))) return false;
    prev = t;
  }
  return true;
}
