/**
 * Finds the regular expressions in the server sources (literals and `new RegExp('…')` with a
 * literal string) and builds adversarial inputs for each: long runs of the characters the pattern
 * itself consumes, ending in a tail that makes the match fail, which is what exposes catastrophic
 * or quadratic backtracking.
 */
import * as fs from 'fs';
import * as path from 'path';

export interface FoundRegex { file: string; line: number; source: string; flags: string }

const BEFORE_REGEX = new Set(['(', ',', '=', ':', '[', '!', '&', '|', '?', '{', '}', ';', '+', '-', '*', '%', '<', '>', '~', '^']);
const KEYWORDS_BEFORE_REGEX = ['return', 'typeof', 'case', 'do', 'else', 'in', 'of', 'void', 'yield', 'await'];

/** A small scanner: skips comments, strings and template text; reads regex literals where an expression may start. */
export function regexLiterals(code: string, file = ''): FoundRegex[] {
  const out: FoundRegex[] = [];
  let i = 0;
  let line = 1;
  let lastSig = '';       // last significant char outside comments/strings
  let lastWord = '';
  const n = code.length;
  while (i < n) {
    const c = code[i];
    if (c === '\n') { line++; i++; continue; }
    if (c === ' ' || c === '\t' || c === '\r') { i++; continue; }
    if (c === '/' && code[i + 1] === '/') { while (i < n && code[i] !== '\n') i++; continue; }
    if (c === '/' && code[i + 1] === '*') {
      const end = code.indexOf('*/', i + 2);
      const stop = end < 0 ? n : end + 2;
      for (let k = i; k < stop; k++) if (code[k] === '\n') line++;
      i = stop;
      continue;
    }
    if (c === '"' || c === "'" || c === '`') {
      const startLine = line;
      let j = i + 1;
      let text = '';
      while (j < n && code[j] !== c) {
        if (code[j] === '\\') { text += code[j] + code[j + 1]; j += 2; continue; }
        if (code[j] === '\n') line++;
        text += code[j];
        j++;
      }
      // new RegExp('literal', 'flags')
      if (c !== '`' && /new RegExp\(\s*$/.test(code.slice(Math.max(0, i - 20), i))) {
        try {
          const src = JSON.parse('"' + text.replace(/"/g, '\\"').replace(/\\'/g, "'") + '"') as string;
          const m = /^\s*(?:,\s*['"]([a-z]*)['"])?\s*\)/.exec(code.slice(j + 1, j + 40));
          out.push({ file, line: startLine, source: src, flags: m?.[1] ?? '' });
        } catch { /* not a plain literal */ }
      }
      i = j + 1;
      lastSig = c;
      lastWord = '';
      continue;
    }
    if (c === '/') {
      const regexAllowed = lastSig === '' || BEFORE_REGEX.has(lastSig) || KEYWORDS_BEFORE_REGEX.includes(lastWord);
      if (regexAllowed) {
        let j = i + 1;
        let inClass = false;
        while (j < n && code[j] !== '\n') {
          const d = code[j];
          if (d === '\\') { j += 2; continue; }
          if (d === '[') inClass = true;
          else if (d === ']') inClass = false;
          else if (d === '/' && !inClass) break;
          j++;
        }
        if (j < n && code[j] === '/') {
          let k = j + 1;
          while (k < n && /[a-z]/.test(code[k])) k++;
          out.push({ file, line, source: code.slice(i + 1, j), flags: code.slice(j + 1, k) });
          i = k;
          lastSig = '/';
          lastWord = '';
          continue;
        }
      }
    }
    if (/[A-Za-z0-9_$]/.test(c)) {
      let j = i;
      while (j < n && /[A-Za-z0-9_$]/.test(code[j])) j++;
      lastWord = code.slice(i, j);
      lastSig = 'w';
      i = j;
      continue;
    }
    lastSig = c;
    lastWord = '';
    i++;
  }
  return out;
}

export function serverSources(root: string): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.ts')) files.push(p);
    }
  };
  walk(root);
  return files.sort();
}

/** One representative character per atom of the pattern (what the regex is willing to eat). */
export function atomSamples(source: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') {
      const d = source[i + 1];
      i++;
      const map: Record<string, string> = { d: '7', w: 'a', s: ' ', D: 'x', W: '-', S: 'x', t: '\t', n: '\n', r: '\r', b: '', B: '' };
      if (d in map) { if (map[d]) out.push(map[d]); }
      else if (d === 'x' || d === 'u') { i += d === 'x' ? 2 : 4; out.push('\u00e9'); }
      else if (d) out.push(d);
    } else if (c === '[') {
      let j = i + 1;
      const negated = source[j] === '^';
      if (negated) j++;
      let body = '';
      while (j < source.length && source[j] !== ']') { if (source[j] === '\\') { body += source[j]; j++; } body += source[j]; j++; }
      i = j;
      if (negated) { out.push(/[a ]/.test(body) ? (body.includes('a') ? 'Q' : 'a') : 'a'); out.push(body.includes(' ') ? 'Q' : ' '); }
      else {
        const esc = /^\\([dws])/.exec(body);
        if (esc) out.push({ d: '7', w: 'a', s: ' ' }[esc[1] as 'd' | 'w' | 's']);
        else if (body[0]) out.push(body[0] === '\\' ? body[1] : body[0]);
        if (body.length > 3 && body.includes('-')) { const k = body.indexOf('-'); if (body[k + 1] && body[k + 1] !== ']') out.push(body[k + 1]); }
      }
    } else if (c === '.') out.push('a');
    else if (!'()|?*+{}^$,'.includes(c) && !(c >= '0' && c <= '9' && source[i - 1] === '{')) out.push(c);
  }
  return [...new Set(out)].filter(s => s.length);
}

/** Adversarial strings for one pattern: runs of each atom, of neighbouring pairs, and of the whole sequence, each with a failing tail. */
export function attacks(source: string, size = 50_000): string[] {
  const samples = atomSamples(source);
  const tails = ['\u0000', '!\n'];
  const out: string[] = [];
  const add = (unit: string) => {
    if (!unit) return;
    const body = unit.repeat(Math.max(1, Math.floor(size / unit.length)));
    for (const t of tails) out.push(body + t);
  };
  for (const s of samples) add(s);
  for (let i = 0; i + 1 < samples.length; i++) add(samples[i] + samples[i + 1]);
  add(samples.join(''));
  // the pattern's leading literal text, then a run of what follows it
  const lead = samples.slice(0, 4).join('');
  for (const s of samples.slice(4, 12)) out.push(lead + s.repeat(size) + '\u0000');
  return out;
}
