/** File and syntax rules (spec Table B §3.1): SYS001–SYS019. */
import { keysWithLeaf } from './rules-prefix';
import { isKnownName, kernelAccepts, SYSCTL_CONF_MAN, SYSCTL_D_MAN, VM_DOC, KERNEL_DOC, keyDoc, suggestKeys, rangeFor, describeRange, topOf } from './catalog';
import { at, deleteLine, replaceKey, replaceValue } from './edits';
import { baseName, globMatch } from './merge';
import { fullLineRange, keyRange, valueRange, type Entry } from './parse';
import { accepted, assignments, clip, fileLabel, type Rule } from './rule';
import { inlineCommentAt, isSingleNumber, isStringEnum, readInt } from './values';

export const FILE_RULES: Rule[] = [
  {
    id: 'SYS001', severity: 'warning', docUrl: SYSCTL_D_MAN,
    title: 'File in a sysctl.d directory that does not end in .conf',
    check(input, report) {
      const p = input.path.replace(/\\/g, '/');
      if (!/(^|\/)sysctl\.d\/[^/]+$/.test(p) || p.endsWith('.conf')) return;
      report({
        range: fullLineRange(input.parsed, 0),
        message: `This file is never read: systemd-sysctl and sysctl --system only load files ending in ".conf" from sysctl.d. Rename it to ${baseName(p).replace(/\.[^.]*$/, '')}.conf.`,
      });
    },
  },
  {
    id: 'SYS044', severity: 'warning', docUrl: SYSCTL_D_MAN,
    title: 'File in a subfolder of a sysctl.d directory',
    check(input, report) {
      const p = input.path.replace(/\\/g, '/');
      const m = /(^|\/)sysctl\.d\/(.+)\/([^/]+)$/.exec(p);
      if (!m) return;
      report({
        range: fullLineRange(input.parsed, 0),
        message: `This file is never read: systemd-sysctl and sysctl --system load only the files directly in sysctl.d, not in its subfolders (here "${m[2]}/"). Move it to sysctl.d/${m[3]}.`,
      });
    },
  },
  {
    id: 'SYS002', severity: 'information', docUrl: SYSCTL_CONF_MAN,
    title: '/etc/sysctl.conf is not read by systemd-sysctl',
    check(input, report) {
      if (baseName(input.path) !== 'sysctl.conf') return;
      report({
        range: fullLineRange(input.parsed, 0),
        message: 'systemd-sysctl does not read sysctl.conf at boot unless your distribution links it into sysctl.d. Debian ships /etc/sysctl.d/99-sysctl.conf → ../sysctl.conf. Settings that must survive a reboot are safer in /etc/sysctl.d/NN-name.conf. OOM Lens applies this file last, as that link does.',
      });
    },
  },
  {
    id: 'SYS003', severity: 'error', docUrl: SYSCTL_D_MAN,
    title: 'Line is not an assignment',
    check(input, report) {
      for (const b of input.parsed.bad) {
        report({
          range: at(b.line, b.start, b.end),
          message: 'This line has no "=", so it is not an assignment: systemd-sysctl skips it and fails at the end, sysctl -p prints "invalid syntax". Write "key = value", or start the line with # to make it a comment.',
          fixes: [{ title: 'Turn the line into a comment', edits: [{ range: at(b.line, b.start, b.start), newText: '# ' }] }],
        });
      }
    },
  },
  {
    id: 'SYS004', severity: 'warning', docUrl: SYSCTL_D_MAN,
    title: 'Inline comment becomes part of the value',
    check(input, report) {
      for (const e of input.parsed.entries) {
        if (e.value === null) continue;
        const i = inlineCommentAt(e.value);
        if (i < 0) continue;
        const doc = keyDoc(e.key);
        const kept = e.value.slice(0, i).trimEnd();
        const comment = e.value.slice(i + 1).trim();
        const why = doc && isSingleNumber(doc)
          ? 'The kernel happens to read only the leading number here, so it works by accident; any tool that compares values will see the comment.'
          : 'For a text value the comment is stored verbatim.';
        const indent = input.parsed.lines[e.line].slice(0, e.range.start.character);
        report({
          range: at(e.line, e.valueStart + i, e.valueEnd),
          message: `sysctl files have no inline comments: "${clip(e.value.slice(i))}" is part of the value written to ${e.key}. ${why} Put the comment on its own line.`,
          fixes: [{
            title: 'Move the comment to its own line',
            isPreferred: true,
            edits: [
              { range: at(e.line, e.range.start.character, e.range.start.character), newText: `# ${comment}\n${indent}` },
              { range: at(e.line, e.valueStart, e.valueEnd), newText: kept },
            ],
          }],
        });
      }
    },
  },
  {
    id: 'SYS005', severity: 'warning', docUrl: SYSCTL_D_MAN,
    title: 'Repeated separators in a key',
    check(input, report) {
      for (const e of input.parsed.entries) {
        if (!e.repeatedSep) continue;
        const fixed = e.rawKey.replace(/([./])[./]+/g, '$1');
        report({
          range: keyRange(e),
          message: `"${clip(e.rawKey)}" has two separators in a row, which procps warns about ("separators should not be repeated"). The empty path part is only collapsed by luck. Write ${fixed}.`,
          fixes: [{ title: `Write ${fixed}`, isPreferred: true, edits: [replaceKey(e, fixed)] }],
        });
      }
    },
  },
  {
    id: 'SYS006', severity: 'warning', docUrl: SYSCTL_D_MAN,
    title: 'Key mixes "/" and "." separators',
    check(input, report) {
      for (const e of input.parsed.entries) {
        if (!e.mixedSep || e.repeatedSep) continue;
        const meaning = e.firstSep === '/'
          ? 'the first separator is "/", so every "." after it is a literal dot inside a name'
          : 'the first separator is ".", so every "/" after it stands for a literal dot inside a name';
        report({
          range: keyRange(e),
          message: `"${clip(e.rawKey, 60)}" mixes "." and "/", so some of them are read as dots inside a name. ${meaning[0].toUpperCase()}${meaning.slice(1)} (this key means ${e.key.split('.').join(' → ').replace(/\//g, '.')}). That is only right for names containing dots, such as VLAN interfaces (eth0.100). If you meant plain separators, use dots only.`,
        });
      }
    },
  },
  {
    id: 'SYS007', severity: 'information', docUrl: SYSCTL_D_MAN,
    title: 'Exclusion (-key) that no glob matches',
    check(input, report) {
      for (const e of input.parsed.entries) {
        if (e.kind !== 'exclude' || !e.key) continue;
        const hit = input.merged.globs.some(g => globMatch(g.entry.key, e.key) || (e.glob && globMatch(e.key, g.entry.key)));
        if (hit) continue;
        report({
          range: e.range,
          message: `"-${clip(e.rawKey, 60)}" excludes a key from globs, but no glob in the applied sysctl files matches it, so this line does nothing. Without "=" it only keeps a key out of glob assignments (like net.ipv4.conf.*.rp_filter = 1). To set the key, write "${clip(e.rawKey)} = value".`,
          tags: ['unnecessary'],
        });
      }
    },
  },
  {
    id: 'SYS008', severity: 'hint', docUrl: SYSCTL_D_MAN,
    title: '"-key = value": failures are ignored',
    check(input, report) {
      for (const e of input.parsed.entries) {
        if (e.kind !== 'assign' || e.minus === null) continue;
        report({
          range: at(e.line, e.minus, e.keyEnd),
          message: 'The leading "-" tells systemd-sysctl to ignore any failure to set this key (missing key, rejected value). Good for keys that only exist on some kernels; sysctl -p still reports a missing key.',
        });
      }
    },
  },
  {
    id: 'SYS009', severity: 'hint', docUrl: SYSCTL_D_MAN,
    title: 'Glob in a key',
    check(input, report) {
      for (const e of input.parsed.entries) {
        if (e.kind !== 'assign' || !e.glob) continue;
        report({
          range: keyRange(e),
          message: `"${clip(e.rawKey, 60)}" is a glob: it writes only the matching keys that exist at boot. Keys assigned explicitly or excluded with "-key" are left alone. Interfaces that appear later are not covered.`,
        });
      }
    },
  },
  {
    id: 'SYS010', severity: 'warning', docUrl: SYSCTL_D_MAN,
    title: 'Same key assigned twice in one file',
    check(input, report) {
      // the winner is the last value the kernel takes: a refused write leaves the one before it in place
      const last = new Map<string, Entry>();
      const list = assignments(input);
      const kernel = input.settings.kernelVersion;
      for (const e of list) if (kernelAccepts(e.key, e.value, kernel)) last.set(e.key, e);
      for (const e of list) {
        const w = last.get(e.key);
        if (!w || w === e || !kernelAccepts(e.key, e.value, kernel)) continue; // a refused value is its range rule's finding
        const winner = w.line;
        report({
          range: e.range,
          message: w.line > e.line
            ? `${e.key} is set again on line ${winner + 1} (${clip(w.value)}), which overrides this line: "${clip(e.value)}" never takes effect. Remove one of the two.`
            : `${e.key} = ${clip(e.value)} is overridden by line ${winner + 1} (${clip(w.value)}): the later assignments are refused by the kernel, so ${clip(w.value)} stays. Remove one of the two.`,
          tags: ['unnecessary'],
          related: [{ uri: input.uri, range: w.range, message: `${e.key} = ${clip(w.value)} (wins)` }],
          fixes: [{ title: `Remove this overridden ${e.key} line`, isPreferred: true, edits: [deleteLine(input.parsed, e.line)] }],
        });
      }
    },
  },
  {
    id: 'SYS011', severity: 'hint', docUrl: SYSCTL_D_MAN,
    title: 'Same key set in several files: which one wins',
    check(input, report) {
      for (const [key, list] of input.merged.byKey) {
        // the winner is the last value the kernel takes (a refused write leaves the one before it)
        const ok = list.filter(s => accepted(input, s));
        const files = new Set(ok.map(s => s.file.uri));
        if (files.size < 2 || !files.has(input.uri)) continue;
        const winner = ok[ok.length - 1];
        if (!winner) continue;
        // last accepted setting per file
        const perFile = new Map<string, typeof winner>();
        for (const s of ok) perFile.set(s.file.uri, s);
        const mine = perFile.get(input.uri);
        if (!mine) continue;
        if (mine === winner) {
          const others = [...perFile.values()].filter(s => s !== mine);
          report({
            range: mine.entry.range,
            message: `${key} = ${clip(mine.entry.value)} overrides ${others.map(o => `${clip(o.entry.value)} from ${fileLabel(o.file)}`).join(', ')}: files are applied by name and this one comes later.`,
            related: others.map(o => ({ uri: o.file.uri, range: o.entry.range, message: `overridden: ${key} = ${clip(o.entry.value)}` })),
          });
        } else {
          report({
            range: mine.entry.range,
            message: `${key} = ${clip(mine.entry.value, 30)} is overridden by ${clip(winner.entry.value, 30)} in ${fileLabel(winner.file)}, which is applied later. Files are applied by name, sysctl.conf last. The effective value is ${clip(winner.entry.value)}.`,
            tags: ['unnecessary'],
            related: [{ uri: winner.file.uri, range: winner.entry.range, message: `effective: ${key} = ${clip(winner.entry.value)}` }],
          });
        }
      }
    },
  },
  {
    id: 'SYS012', severity: 'warning', docUrl: SYSCTL_CONF_MAN,
    title: 'Value longer than 4096 characters',
    check(input, report) {
      for (const e of input.parsed.entries) {
        if (e.value === null || e.value.length <= 4096) continue;
        report({ range: valueRange(e), message: `This value is ${e.value.length} characters long; /proc/sys accepts at most 4096, so the write is cut off or refused. Shorten it.` });
      }
    },
  },
  {
    id: 'SYS013', severity: 'warning', docUrl: SYSCTL_D_MAN,
    title: 'Several words for a single-number key',
    check(input, report) {
      for (const e of assignments(input)) {
        const doc = keyDoc(e.key);
        if (!doc || !isSingleNumber(doc) || !e.value || inlineCommentAt(e.value) >= 0) continue;
        const r = readInt(e.value);
        if (!r || !r.rest) continue;
        report({
          range: valueRange(e),
          message: `${e.key} takes one number, but the value has more: the kernel uses ${r.text} and ignores "${clip(r.rest)}". Keep only the number you mean.`,
          fixes: [{ title: `Keep only ${r.text}`, isPreferred: true, edits: [replaceValue(e, r.text)] }],
        });
      }
    },
  },
  {
    id: 'SYS014', severity: 'error', docUrl: VM_DOC,
    title: 'Value not a number, or out of the documented range',
    check(input, report) { checkRanges(input, report, undefined); },
  },
  {
    id: 'SYS015', severity: 'warning', docUrl: VM_DOC,
    title: 'Unknown vm.* key',
    check(input, report) { unknownKeys(input, report, 'vm', 'warning'); },
  },
  {
    id: 'SYS016', severity: 'information', docUrl: KERNEL_DOC,
    title: 'kernel.* key not documented in kernel.rst',
    check(input, report) { unknownKeys(input, report, 'kernel', 'information'); },
  },
  {
    id: 'SYS017', severity: 'warning', docUrl: VM_DOC,
    title: 'Removed or out-of-tree vm.* key',
    check(input, report) {
      for (const e of assignments(input)) {
        const doc = keyDoc(e.key);
        if (!doc?.removed) continue;
        const fixes = doc.removed.replacement
          ? [{ title: `Rename to ${doc.removed.replacement}`, isPreferred: true, edits: [replaceKey(e, doc.removed.replacement)] }]
          : undefined;
        report({
          range: keyRange(e),
          severity: doc.removed.replacement ? 'warning' : 'information',
          docUrl: doc.doc,
          message: `${e.key} ${doc.removed.note}. On current kernels the key does not exist and systemd-sysctl skips it silently.${doc.removed.replacement ? ` Use ${doc.removed.replacement} (check its meaning: the units differ).` : ''}`,
          fixes,
        });
      }
    },
  },
  {
    id: 'SYS018', severity: 'error', docUrl: SYSCTL_D_MAN,
    title: 'Assignment without a key',
    check(input, report) {
      for (const e of input.parsed.entries) {
        if (e.key) continue;
        report({ range: e.range, message: 'This line has no key before "=" (or only separators), so there is nothing to set; sysctl -p complains that the path is not under /proc/sys. Write "key = value".' });
      }
    },
  },
  {
    id: 'SYS019', severity: 'information', docUrl: SYSCTL_D_MAN,
    title: 'File shadowed by a file of the same name in a stronger directory',
    check(input, report) {
      for (const s of input.merged.shadowed) {
        if (s.file.uri !== input.uri) continue;
        report({
          range: fullLineRange(input.parsed, 0),
          message: `This file is not applied: ${fileLabel(s.by)} has the same name and wins (/etc beats /run beats /usr/lib). To change a vendor file, edit the copy in /etc, or give your file a different name.`,
          related: [{ uri: s.by.uri, range: at(0, 0, 0), message: 'applied instead' }],
        });
      }
    },
  },
];

function unknownKeys(input: Parameters<Rule['check']>[0], report: Parameters<Rule['check']>[1], top: string, severity: 'warning' | 'information'): void {
  for (const e of assignments(input)) {
    if (topOf(e.key) !== top || keyDoc(e.key) || isKnownName(e.key)) continue;
    // the same name under another prefix first (kernel.panic_on_oom → vm.panic_on_oom), then near spellings
    const leaf = e.key.slice(e.key.lastIndexOf('.') + 1);
    const guesses = [...new Set([...keysWithLeaf(leaf).filter(k => k !== e.key), ...suggestKeys(e.key)])].slice(0, 3);
    const where = top === 'vm' ? 'vm.rst' : 'kernel.rst';
    const tail = !guesses.length ? `It may still exist on your kernel (check with "sysctl ${clip(e.key)}"); if so, nothing is wrong.`
      : top === 'vm'
      ? 'systemd-sysctl skips unknown keys without failing, so a typo goes unnoticed.'
      : 'kernel.rst is not complete, so it may still exist on your kernel; check with "sysctl ' + e.key + '".';
    // a name close to a known one is likely a typo; one that resembles nothing is more likely a key we do not know: a quiet note
    report({
      range: keyRange(e),
      severity: guesses.length ? severity : 'information',
      message: `${clip(e.key, 60)} is not a known key${guesses.length ? `: did you mean ${guesses.join(' or ')}? It is not in ${where}.` : ` (not in ${where}).`} ${tail}`,
      fixes: guesses.map((g, i) => ({ title: `Change to ${g}`, isPreferred: i === 0, edits: [replaceKey(e, g)] })),
    });
  }
}

/** Shared range check: reports keys whose rangeRule is `id` (undefined = SYS014, the generic rule). */
export function checkRanges(
  input: Parameters<Rule['check']>[0], report: Parameters<Rule['check']>[1], id: string | undefined,
  defer?: (n: number) => boolean,
): void {
  for (const e of assignments(input)) {
    const doc = keyDoc(e.key);
    if (!doc || doc.removed || doc.rangeRule !== id || e.value === null) continue;
    if (doc.type === 'string' || doc.type === 'list') {
      if (isStringEnum(doc) && e.value && !doc.values!.some(v => v.value.toLowerCase() === e.value!.toLowerCase())) {
        report({
          range: valueRange(e), docUrl: doc.doc,
          message: `${e.key} = ${clip(e.value)} is not supported: use ${doc.values!.map(v => v.value).join(' or ')}.`,
          fixes: doc.values!.map((v, i) => ({ title: `Use ${v.value}`, isPreferred: i === 0, edits: [replaceValue(e, v.value)] })),
        });
      }
      continue;
    }
    if (doc.type === 'trigger' && !doc.ranges) continue;
    const r = readInt(e.value);
    const range = rangeFor(doc, input.settings.kernelVersion);
    if (!r) {
      report({
        range: valueRange(e), docUrl: doc.doc,
        message: `${e.key} needs a whole number${range ? ` (${describeRange(range)})` : ''}, but the value is "${clip(e.value)}". The kernel rejects the write and keeps the old value; systemd-sysctl then fails. ${e.value === '' ? 'Write a number after "=".' : 'Write a plain number.'}`,
        fixes: choiceFixes(e, doc.values?.map(v => v.value) ?? (doc.default && /^-?\d+/.test(doc.default) ? [doc.default.match(/^-?\d+/)![0]] : [])),
      });
      continue;
    }
    if (!range) continue;
    const n = r.value;
    const low = range.min !== undefined && n < range.min;
    const high = range.max !== undefined && n > range.max;
    if (!low && !high) continue;
    if (defer?.(n)) continue;
    const clamp = low ? range.min! : range.max!;
    const choices = doc.values?.length && doc.type !== 'int' ? doc.values.map(v => v.value) : [String(clamp)];
    report({
      range: valueRange(e), docUrl: doc.doc,
      message: `${e.key} = ${n} is out of range: the kernel${range.since ? ` (${range.since} and later)` : ''} accepts ${describeRange(range)}, refuses the write and keeps the old value.${doc.values?.length ? ` Valid choices: ${doc.values.map(v => `${v.value} (${v.meaning})`).join('; ')}.` : ` Use a value in ${describeRange(range)}.`}`,
      fixes: choiceFixes(e, choices),
    });
  }
}

function choiceFixes(e: Parameters<typeof replaceValue>[0], choices: string[]) {
  return choices.map((c, i) => ({ title: `Set ${e.key} = ${c}`, isPreferred: i === 0 && choices.length === 1, edits: [replaceValue(e, c)] }));
}

