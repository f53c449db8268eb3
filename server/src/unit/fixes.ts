/**
 * Quick fixes that move an entry to the section where systemd reads it. A plain move is right
 * when the target section does not set the key yet (or the key is a list, where every line
 * counts). When it does, appending the moved line would leave two assignments and the later one
 * would silently win, so the fixes say which value stays: keep the one systemd uses today
 * (delete the misplaced line, which systemd ignores anyway), or move the misplaced value over it.
 */
import type { Fix, TextEdit } from '../common/types';
import { deleteEntry, entryText, insertIntoSection, type UnitModel } from './model';
import type { UnitEntry } from './parse';

function fix(title: string, edits: TextEdit[], isPreferred = false): Fix { return isPreferred ? { title, edits, isPreferred } : { title, edits }; }

/** `MemoryMax=2G` for a title: the entry's key and value, the value cut at 40 characters. */
function shown(key: string, value: string): string {
  const v = value.trim();
  return `${key}=${v.length > 40 ? v.slice(0, 39) + '…' : v}`;
}

/**
 * Fixes for moving `e` into `[to]`, under the name `rename` when given (a legacy alias moved and
 * renamed in one step). The first fix is the preferred one.
 */
export function moveFixes(m: UnitModel, e: UnitEntry, to: string, rename?: string): Fix[] {
  const key = rename ?? e.key;
  const d = m.all.get(key);
  const there = d?.filter(i => i.sectionName === to);
  const existing = there?.[there.length - 1];
  if (!existing || existing.directive?.list) {
    let text = entryText(m.file, e);
    if (rename) text = rename + text.slice(e.key.length);
    return [fix(`Move ${e.key}= to [${to}]`, [deleteEntry(m.file, e), insertIntoSection(m.file, to, [text])], true)];
  }
  const kept = existing.entry;
  const keptText = shown(key, kept.value);
  const movedText = shown(key, e.value);
  if (kept.value.trim() === e.value.trim()) {
    return [fix(`Delete ${e.key}= here: [${to}] already sets ${keptText}`, [deleteEntry(m.file, e)], true)];
  }
  return [
    fix(`Delete ${e.key}= here and keep ${keptText} in [${to}] (the value systemd uses now)`, [deleteEntry(m.file, e)], true),
    fix(`Move ${movedText} to [${to}], replacing ${keptText} there`, [deleteEntry(m.file, e), { range: kept.valueRange, newText: e.value }]),
  ];
}
