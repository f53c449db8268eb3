#!/usr/bin/env node
/**
 * Generates valueEnumsData.ts: the words each boolean-or-word / word-only unit setting takes, with the
 * systemd release that added each word, and the release that added each documented directive.
 *
 * Input: unpacked systemd source trees, one folder per release, named by its version (252.39, 254.26, …).
 * Debian's pool has the upstream tarballs (dists/<suite>/main/source/Sources.xz names the current one):
 *   bookworm → 252, bookworm-backports → 254, trixie → 257, forky/sid → 262.
 *   mkdir -p /tmp/sd-src && cd /tmp/sd-src
 *   for v in 252.39 254.26 257.13 262; do
 *     curl -sfO http://deb.debian.org/debian/pool/main/s/systemd/systemd_$v.orig.tar.gz
 *     mkdir -p x/$v && tar -xzf systemd_$v.orig.tar.gz -C x/$v --strip-components=1 --wildcards \
 *       '*\/man/systemd.*.xml' '*\/src/core/*' '*\/src/shared/*' '*\/src/basic/*' '*\/NEWS'
 *   done
 * Usage: node server/src/unit/data/generate-value-enums.mjs /tmp/sd-src/x [OUT.ts]
 *   (OUT defaults to valueEnumsData.ts beside this script; test/unit/unit/value-enums.test.ts regenerates into a
 *   temporary file and compares when OOM_LENS_SYSTEMD_TREES names the folder of trees)
 *
 * What is read, per release:
 *   src/core/load-fragment-gperf.gperf.in   key → parser function
 *   src/{core,shared,basic}/*.c             the parser: DEFINE_CONFIG_PARSE_ENUM[_WITH_DEFAULT](fn, name, …)
 *                                           or a hand-written parser calling name_from_string(rvalue); then
 *                                           name_table[] = { [X] = "word", … } and its DEFINE_STRING_TABLE_LOOKUP
 *                                           (…_WITH_BOOLEAN: the key also takes every parse_boolean spelling)
 * and from the newest release only:
 *   man/systemd.*.xml                        <varlistentry> of Key= with <xi:include xpointer="vNNN"/>:
 *                                           the release that added the directive (older than any tarball too)
 *   NEWS                                     "CHANGES WITH N:" paragraphs naming Key= and the word: the release
 *                                           that added a word, within the span the tarballs leave open
 * A word's release: the first tarball whose parser takes it bounds it from above and the tarball before from
 * below; the earliest NEWS paragraph in that span naming both Key= and the word pins it, else the upper bound.
 * A word the oldest tarball already takes gets the earliest NEWS release naming it, else the directive's release.
 */
import * as fs from 'fs';
import * as path from 'path';
import { fileURLToPath } from 'url';

const root = process.argv[2];
if (!root) { console.error('usage: generate-value-enums.mjs <folder of unpacked systemd trees named by version> [OUT.ts]'); process.exit(2); }
const here = path.dirname(fileURLToPath(import.meta.url));
const outFile = process.argv[3] ?? path.join(here, 'valueEnumsData.ts');
const major = v => parseInt(v, 10);
const versions = fs.readdirSync(root).filter(d => /^\d+(\.\d+)*$/.test(d)).sort((a, b) => major(a) - major(b));
if (versions.length === 0) throw new Error(`no systemd trees (folders named by version) in ${root}`);

const read = p => fs.readFileSync(p, 'utf8');
const cFiles = dir => ['src/core', 'src/shared', 'src/basic'].flatMap(s => {
  const d = path.join(dir, s);
  return fs.existsSync(d) ? fs.readdirSync(d).filter(f => f.endsWith('.c')).map(f => read(path.join(d, f))) : [];
}).join('\n');

/** key → parser names (over all sections), from the gperf table. */
function gperf(dir) {
  const text = read(path.join(dir, 'src/core/load-fragment-gperf.gperf.in'));
  const out = new Map();
  for (const m of text.matchAll(/^(?:\{\{type\}\}|[A-Za-z]+)\.([A-Za-z0-9]+),\s*(\w+),/gm)) {
    (out.get(m[1]) ?? out.set(m[1], new Set()).get(m[1])).add(m[2]);
  }
  if (out.size < 200) throw new Error(`${dir}: read only ${out.size} keys from load-fragment-gperf.gperf.in`);
  return out;
}

/** The words of string table `name` and whether its lookup also takes booleans, or null when not found. */
function table(src, name) {
  const t = new RegExp(`\\b${name}_table\\s*\\[[^\\]]*\\]\\s*=\\s*\\{([^}]*)\\}`).exec(src);
  const lk = new RegExp(`DEFINE_(?:PRIVATE_)?STRING_TABLE_LOOKUP(?:_FROM_STRING)?(_WITH_BOOLEAN)?\\(\\s*${name}\\s*,`).exec(src);
  if (!t || !lk) return null;
  const words = [...t[1].matchAll(/\[\s*\w+\s*\]\s*=\s*"([^"]*)"/g)].map(m => m[1]);
  if (words.length === 0) return null;
  return { words, boolean: !!lk[1] };
}

/** What parser `fn` accepts: { words, boolean, emptyOk } or { boolean-only } or null (not a fixed set of words). */
function parser(src, fn) {
  if (fn === 'config_parse_bool') return { words: [], boolean: true, emptyOk: false };
  let m = new RegExp(`DEFINE_CONFIG_PARSE_ENUM(_WITH_DEFAULT)?\\(\\s*${fn}\\s*,\\s*(\\w+)\\s*,`).exec(src);
  if (m) {
    const t = table(src, m[2]);
    return t && { ...t, emptyOk: !!m[1] };
  }
  m = new RegExp(`DEFINE_CONFIG_PARSE_ENUM_FULL\\(\\s*${fn}\\s*,\\s*(\\w+)_from_string\\s*,`).exec(src);
  if (m) {
    const t = table(src, m[1]);
    return t && { ...t, emptyOk: false };
  }
  // a hand-written parser: one name_from_string(rvalue) call; parse_boolean(rvalue) and isempty(rvalue) as it has them
  const at = src.search(new RegExp(`\\nint ${fn}\\(`));
  if (at < 0) return null;
  const open = src.indexOf(') {', at);
  const end = src.indexOf('\n}\n', open);
  const body = src.slice(open, end);
  const calls = new Set([...body.matchAll(/(\w+)_from_string\(\s*rvalue\s*\)/g)].map(c => c[1]));
  // one table lookup and nothing else read from the value (a parser that also takes file:PATH, fd:NAME, … is not a word set)
  if (calls.size !== 1 || /startswith|extract_first_word|split|printf|path_|strchr/.test(body)) return null;
  const t = table(src, [...calls][0]);
  if (!t) return null;
  return { words: t.words, boolean: t.boolean || /parse_boolean\(\s*rvalue\s*\)/.test(body), emptyOk: /isempty\(\s*rvalue\s*\)/.test(body) };
}

/** The man pages of unit-file settings (the other systemd.*.xml pages document .network, .netdev, … keys). */
const UNIT_PAGES = ['systemd.unit', 'systemd.service', 'systemd.socket', 'systemd.mount', 'systemd.automount', 'systemd.swap',
  'systemd.timer', 'systemd.path', 'systemd.slice', 'systemd.scope', 'systemd.device', 'systemd.target', 'systemd.exec',
  'systemd.kill', 'systemd.resource-control'];

/** Directive → release that added it, from the man pages' version-info includes on each varlistentry. */
function manSince(dir) {
  const out = {};
  const man = path.join(dir, 'man');
  for (const f of UNIT_PAGES.map(p => `${p}.xml`).filter(f => fs.existsSync(path.join(man, f)))) {
    const x = read(path.join(man, f));
    // walk <varlistentry> nesting; an entry's own includes are those outside its nested entries
    const stack = [];
    const re = /<varlistentry\b[^>]*>|<\/varlistentry>|<term>([\s\S]*?)<\/term>|<xi:include href="version-info\.xml" xpointer="v(\d+)"\s*\/>/g;
    for (const m of x.matchAll(re)) {
      if (m[0].startsWith('<varlistentry')) stack.push({ keys: [], v: [] });
      else if (m[0] === '</varlistentry>') {
        const e = stack.pop();
        if (e && e.v.length) for (const k of e.keys) out[k] = Math.min(out[k] ?? Infinity, ...e.v);
      } else if (m[1] !== undefined && stack.length) {
        for (const k of m[1].matchAll(/<varname>([A-Z][A-Za-z0-9]*)=/g)) stack[stack.length - 1].keys.push(k[1]);
      } else if (m[2] && stack.length) stack[stack.length - 1].v.push(+m[2]);
    }
  }
  return out;
}

/** NEWS as [release, paragraph] pairs. */
function news(dir) {
  const p = path.join(dir, 'NEWS');
  if (!fs.existsSync(p)) return [];
  const out = [];
  let rel = 0;
  for (const para of read(p).split(/\n\s*\n/)) {
    const h = /CHANGES WITH (\d+)/.exec(para);
    if (h) rel = +h[1];
    if (rel) out.push([rel, para.replace(/\s+/g, ' ')]);
  }
  return out;
}

const per = versions.map(v => {
  const dir = path.join(root, v);
  const src = cFiles(dir);
  const keys = gperf(dir);
  const res = new Map();
  for (const [key, fns] of keys) {
    const parsed = [...fns].map(fn => parser(src, fn));
    res.set(key, { all: parsed.every(p => p), some: parsed.find(p => p && p.words.length) ?? parsed.find(p => p) });
  }
  return { v: major(v), keys: res };
});
const newest = path.join(root, versions[versions.length - 1]);
const since = manSince(newest);
const newsParas = news(newest);
// Assert*= keys share one man-page entry (the release of the first of them); each came with its Condition*= twin.
for (const k of Object.keys(since)) {
  const twin = k.startsWith('Assert') ? since['Condition' + k.slice(6)] : undefined;
  if (twin) since[k] = twin;
}
// A key the tarballs date more tightly than the man page (the page's entry names several keys): keep it in their span.
for (const k of Object.keys(since)) {
  const first = per.findIndex(x => x.keys.has(k));
  if (first > 0) since[k] = Math.min(Math.max(since[k], per[first - 1].v + 1), per[first].v);
  else if (first === 0) since[k] = Math.min(since[k], per[0].v);
}
const esc = s => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** Words of a NEWS paragraph that announces something new (a mere mention of an old word says nothing). */
const ANNOUNCES = /\b(?:new|now (?:also )?(?:accepts?|takes?|supports?|understands?)|may now be|gained|(?:has|have) been added|support for)\b/i;
/** The earliest release in lo..hi whose NEWS names Key= and the word ("word", Key=word); strict: in a sentence that announces it. */
function newsRelease(key, word, lo, hi, strict) {
  const k = new RegExp(`\\b${esc(key)}=`);
  const w = new RegExp(`(?:\\b${esc(key)}=|["'“‘\`])${esc(word)}(?![\\w-])`);
  let best = null;
  for (const [rel, para] of newsParas) {
    if (!(rel >= lo && rel <= hi && k.test(para) && w.test(para))) continue;
    // strict: one sentence names the word and announces something new
    if (strict && !para.split(/(?<=\.)\s+(?=[A-Z*])/).some(t => w.test(t) && ANNOUNCES.test(t))) continue;
    best = Math.min(best ?? Infinity, rel);
  }
  return best;
}

const last = per[per.length - 1];
const enums = {};
for (const [key, r] of last.keys) {
  const p = r.some;
  if (!p || p.words.length === 0) continue;
  const words = {};
  for (const w of p.words) {
    if (p.boolean && ['yes', 'no', 'true', 'false', 'on', 'off', '1', '0', 'y', 'n', 't', 'f'].includes(w)) continue;
    const first = per.findIndex(x => x.keys.get(key)?.some?.words.includes(w));
    const hi = per[first].v;
    if (first > 0) words[w] = newsRelease(key, w, per[first - 1].v + 1, hi, true) ?? newsRelease(key, w, per[first - 1].v + 1, hi, false) ?? hi;
    else words[w] = newsRelease(key, w, since[key] ?? 0, hi, true) ?? since[key] ?? 0;
  }
  if (Object.keys(words).length === 0) continue;
  // a key that took only a boolean before its first word: that is part of its history (e.g. PrivateTmp before 257)
  enums[key] = { boolean: p.boolean, ...(p.emptyOk ? { emptyOk: true } : {}), ...(r.all ? {} : { partial: true }), values: words };
}

const q = s => /^[A-Za-z_][A-Za-z0-9_]*$/.test(s) ? s : JSON.stringify(s);
const lines = [
  '/* eslint-disable */',
  '/**',
  ' * GENERATED by server/src/unit/data/generate-value-enums.mjs — do not edit by hand; re-run the generator',
  ` * (usage in its header). Sources: systemd ${versions.join(', ')} (Debian orig tarballs): load-fragment-gperf.gperf.in,`,
  ' * the parsers and string tables in src/{core,shared,basic}, and from the newest: man/systemd.*.xml version-info',
  ' * includes and NEWS.',
  ' *',
  ' * GENERATED_VALUE_ENUMS: per key, the words its parser takes (boolean: also every parse_boolean spelling;',
  ' * emptyOk: an empty value resets it; partial: in some section the key has another parser) and the release',
  ' * that added each word (0: unknown, as old as the key). DIRECTIVE_SINCE: the release the man pages name for',
  ' * a directive.',
  ' */',
  'export interface GeneratedValueEnum { boolean: boolean; values: Record<string, number>; emptyOk?: true; partial?: true }',
  '',
  `export const SOURCE_VERSIONS: readonly number[] = [${per.map(x => x.v).join(', ')}];`,
  '',
  'export const GENERATED_VALUE_ENUMS: Record<string, GeneratedValueEnum> = {',
  ...Object.keys(enums).sort().map(k => {
    const e = enums[k];
    const vals = Object.entries(e.values).map(([w, n]) => `${q(w)}: ${n}`).join(', ');
    return `  ${k}: { boolean: ${e.boolean}${e.emptyOk ? ', emptyOk: true' : ''}${e.partial ? ', partial: true' : ''}, values: { ${vals} } },`;
  }),
  '};',
  '',
  'export const DIRECTIVE_SINCE: Record<string, number> = {',
  ...Object.keys(since).sort().map(k => `  ${k}: ${since[k]},`),
  '};',
  '',
];
fs.writeFileSync(outFile, lines.join('\n'));
console.log(`${Object.keys(enums).length} value enumerations, ${Object.keys(since).length} directive releases from systemd ${versions.join(', ')}`);
