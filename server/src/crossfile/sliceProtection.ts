/**
 * SDU026: `MemoryMin=` / `MemoryLow=` protect a unit only when every slice above it (the root
 * slice excepted) protects memory too. The kernel caps a cgroup's effective protection at what
 * its parent gets, and a slice without memory.min / memory.low gets none to hand down — so
 * `MemoryLow=2G` on a service in a bare `system.slice` protects nothing.
 *
 * A workspace rule, like SDU069: the ancestor slices are looked up among the workspace's unit
 * files (their main file and `<slice>.d/*.conf` drop-ins; for the CLI, the files given). A slice
 * with no file there gets the hint too, worded as "not found": its setting lives on the machine.
 */
import type { WorkspaceFile, WorkspaceView } from '../common/service';
import type { Finding } from '../common/types';
import { buildModel, type EntryInfo, type UnitModel } from '../unit/model';
import { classifyPath, parseUnitFile } from '../unit/parse';
import { parseMemory } from '../unit/values';
import { MAN_BASE } from '../unit/docs';
import { lastAccepted } from '../unit/rules';

export const SLICE_PROTECTION_RULE = 'SDU026';

const PROTECTIONS = ['MemoryMin', 'MemoryLow'] as const;
type Protection = (typeof PROTECTIONS)[number];

/** Unit types that get a cgroup of their own and so a place in the slice tree. */
const CGROUP_TYPES = new Set(['service', 'socket', 'mount', 'swap', 'scope', 'slice']);

/** A protection value that is not zero: a size, a percentage or `infinity`. */
function isProtection(value: string): boolean {
  const v = parseMemory(value);
  return v.kind === 'infinity' || (v.kind === 'bytes' && v.bytes > 0) || (v.kind === 'percent' && v.permyriad > 0);
}

/**
 * Whether `files` (one unit's main file and drop-ins, in the order systemd applies them) leave
 * `key` set to a protection: the last assignment wins, an empty one resets it.
 */
function protects(files: readonly UnitModel[], key: Protection): boolean {
  let value: string | undefined;
  for (const m of files) {
    const e = effective(m, key);
    if (e) value = e.entry.value;
  }
  return value !== undefined && isProtection(value);
}

/** The assignment of `key` that takes effect in one file: the last one systemd accepts (a rejected line is skipped). */
function effective(m: UnitModel, key: string): EntryInfo | undefined {
  return lastAccepted(m.all.get(key) ?? []);
}

/**
 * The slices above `slice`, nearest first, without the root: `a-b-c.slice` → a-b.slice, a.slice.
 * A dash in a slice name is a level of the tree (a literal dash is written `\x2d`).
 */
export function ancestorSlices(slice: string): string[] {
  const out: string[] = [];
  let name = slice.slice(0, -'.slice'.length);
  for (let i = name.lastIndexOf('-'); i > 0; i = name.lastIndexOf('-')) {
    name = name.slice(0, i);
    out.push(name + '.slice');
  }
  return out;
}

/** Parsed slice and unit files, least recently used first, bounded by their text size (4,000 unit files of 1 MB must not all stay). */
const parsed = new Map<string, { text: string; model: UnitModel }>();
const PARSED_CHARS = 16 << 20;
let parsedChars = 0;

function modelOf(f: WorkspaceFile, settings: UnitModel['settings']): UnitModel {
  const text = f.text;
  const hit = parsed.get(f.path);
  if (hit) { parsed.delete(f.path); parsedChars -= hit.text.length; }
  const model = hit && hit.text === text && hit.model.settings === settings ? hit.model : buildModel(parseUnitFile(text, f.path), settings);
  parsed.set(f.path, { text, model });
  parsedChars += text.length;
  for (const [p, e] of parsed) {
    if ((parsedChars <= PARSED_CHARS && parsed.size <= 1024) || parsed.size <= 1) break;
    parsed.delete(p); parsedChars -= e.text.length;
  }
  return model;
}

/** The slice the unit's files (in order) place it in: the last Slice= naming a slice, else system.slice. */
function sliceOf(files: readonly UnitModel[]): string {
  let slice = 'system.slice';
  for (const m of files) {
    const e = lastAccepted((m.all.get('Slice') ?? []).filter(i => i.entry.value.endsWith('.slice')));
    if (e) slice = e.entry.value;
  }
  return slice;
}

/**
 * The workspace's unit files by the unit they belong to (from their paths: `x.slice`,
 * `x.slice.d/*.conf`), so only the few files that can matter are parsed. Kept while the listing
 * holds the same file objects: `oom-lens lint` on 1,000 units asks for it 1,000 times.
 */
const indexes = new WeakMap<WorkspaceView, { files: readonly WorkspaceFile[]; byUnit: Map<string, WorkspaceFile[]> }>();

function filesByUnit(workspace: WorkspaceView): Map<string, WorkspaceFile[]> {
  const files = workspace.unitFiles();
  const hit = indexes.get(workspace);
  if (hit && (hit.files === files || (hit.files.length === files.length && hit.files.every((f, i) => f === files[i])))) return hit.byUnit;
  const byUnit = new Map<string, WorkspaceFile[]>();
  for (const f of files) {
    const name = classifyPath(f.path).unitName;
    if (!name) continue;
    const list = byUnit.get(name);
    if (list) list.push(f); else byUnit.set(name, [f]);
  }
  indexes.set(workspace, { files, byUnit });
  return byUnit;
}

/** Main file before its drop-ins, drop-ins by file name: the order systemd applies them in. */
function byApplyOrder(a: UnitModel, b: UnitModel): number {
  return Number(a.file.isDropIn) - Number(b.file.isDropIn) || (a.file.fileName < b.file.fileName ? -1 : a.file.fileName > b.file.fileName ? 1 : 0);
}

export function sliceProtectionFindings(model: UnitModel, workspace: WorkspaceView): Finding[] {
  const unit = model.file.unitName;
  // user units sit under user@UID.service, whose slices this workspace rarely describes: not guessed
  if (!unit || model.userUnit || !CGROUP_TYPES.has(model.type)) return [];
  const wanted = PROTECTIONS.filter(k => protects([model], k));
  if (!wanted.length) return [];

  const byUnit = filesByUnit(workspace);
  /** The workspace's files for unit `name` (main file and drop-ins), in apply order. */
  const filesOf = (name: string): { file: WorkspaceFile; model: UnitModel }[] => (byUnit.get(name) ?? [])
    .filter(f => f.path !== model.file.path)
    .map(f => ({ file: f, model: modelOf(f, model.settings) }))
    .filter(x => x.model.file.unitName === name)
    .sort((a, b) => byApplyOrder(a.model, b.model));

  const parent = model.type === 'slice' ? undefined : sliceOf([model, ...filesOf(unit).map(x => x.model)].sort(byApplyOrder));
  const chain = model.type === 'slice' ? ancestorSlices(unit) : [parent!, ...ancestorSlices(parent!)];
  const out: Finding[] = [];
  for (const key of wanted) {
    for (const slice of chain) {
      if (slice === '-.slice') continue;
      const found = filesOf(slice);
      const sliceFiles = found.map(x => x.model);
      if (protects(sliceFiles, key)) continue;
      const e = effective(model, key)!;
      const where = sliceFiles.length
        ? `the slice above it, ${slice}, sets no ${key}= (in ${sliceFiles.map(m => m.file.fileName).join(', ')})`
        : `${slice} must set ${key}= too, and none of the unit files checked is for it`;
      out.push({
        ruleId: SLICE_PROTECTION_RULE,
        severity: 'hint',
        message: `${key}=${e.entry.value} may protect nothing: ${where}. The kernel gives a cgroup at most the `
          + `protection its parent gets, so every slice above the unit (except the root slice) needs its own ${key}=, `
          + `sized for all it holds: e.g. \`systemctl set-property ${slice} ${key}=${e.entry.value}\`, or [Slice] ${key}= `
          + `in ${slice}.d/*.conf. Check what the machine runs with \`systemctl show -p ${key} ${slice}\`.`,
        range: e.entry.valueRange,
        docUrl: `${MAN_BASE}systemd.resource-control.html#MemoryMin=bytes`,
        related: found.slice(0, 3).map(({ file }) => ({
          uri: file.uri,
          range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
          message: `${slice}: no ${key}=`,
        })),
      });
      break; // the nearest slice without protection is the one to fix first
    }
  }
  return out;
}
