/**
 * **OOM Lens: Processes**: this machine's processes by the kernel's oom_score (who the OOM killer
 * picks next), with the cgroups that have a memory limit and their headroom. The server reads
 * /proc (oomLens/machine/processes); nothing is read while the view is hidden, and while it is
 * visible it refreshes every `oomLens.processes.refreshSeconds` (0: only on demand).
 */
import * as vscode from 'vscode';
import { formatKiB, mdText, oneLineField } from '../../../server/src/lsp/protocol';

type RequestFn = (method: string, params: unknown) => Promise<unknown>;

export interface ProcessJson {
  rank: number; pid: number; name: string; oomScore: number | null; oomScoreAdj: number | null;
  computedScore: number | null; rssKiB: number | null; swapKiB: number | null; pageTablesKiB: number | null;
  exempt: string | null; unit: string | null; container: string | null; cgroup: string | null;
  limitedBy: string | null; explanation: string[];
}
export interface CgroupJson {
  path: string; version: number; owner: string | null; headroom: string; eventsSummary: string;
  pressure: { someAvg10: number; fullAvg10?: number } | null; processes: number;
}
interface Snapshot { kernel: string | null; processes: ProcessJson[]; cgroups: CgroupJson[]; notes: string[]; vanished: number }

/** Most process rows shown at the top level (a machine can run thousands). */
const MAX_ROWS = 300;

type Node =
  | { kind: 'process'; p: ProcessJson }
  | { kind: 'cgroups'; list: CgroupJson[] }
  | { kind: 'cgroup'; c: CgroupJson }
  | { kind: 'message'; text: string; tooltip?: string };

/** Control characters in a process name shown as \xNN (the tree would show them as boxes or not at all). */
const clean = oneLineField;

function size(kib: number | null): string {
  return kib === null ? '?' : formatKiB(kib);
}

export class ProcessesView implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly view: vscode.TreeView<Node>;
  private readonly subscriptions: vscode.Disposable[] = [];
  private timer: NodeJS.Timeout | undefined;
  private snapshot: Snapshot | { error: string } | undefined;
  private loading: Promise<void> | undefined;
  /** How many snapshots were read (the integration test watches it). */
  fetches = 0;

  constructor(private readonly request: RequestFn) {
    this.view = vscode.window.createTreeView('oomLens.processes', { treeDataProvider: this, showCollapseAll: true });
    this.subscriptions.push(
      this.view,
      this.view.onDidChangeVisibility(() => this.schedule()),
      vscode.workspace.onDidChangeConfiguration(e => { if (e.affectsConfiguration('oomLens.processes')) this.schedule(); }),
    );
    this.schedule();
  }

  get visible(): boolean {
    return this.view.visible;
  }

  /** Reads again now (the view's refresh button). */
  refresh(): Promise<void> {
    this.snapshot = undefined;
    this.changed.fire(undefined);
    return this.load();
  }

  private schedule(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    if (!this.view.visible) return;
    const seconds = vscode.workspace.getConfiguration('oomLens').get<number>('processes.refreshSeconds', 5);
    if (seconds > 0) this.timer = setInterval(() => { if (this.view.visible) void this.load(); }, Math.max(1, seconds) * 1000);
  }

  private load(): Promise<void> {
    this.loading ??= (async () => {
      try {
        const r = await this.request('oomLens/machine/processes', {});
        this.snapshot = (r ?? { error: 'The language server gave no answer.' }) as Snapshot | { error: string };
      } catch (e) {
        this.snapshot = { error: `Could not read the processes: ${e instanceof Error ? e.message : String(e)}` };
      } finally {
        this.fetches++;
        this.loading = undefined;
      }
      this.changed.fire(undefined);
    })();
    return this.loading;
  }

  async getChildren(node?: Node): Promise<Node[]> {
    if (node?.kind === 'cgroups') return node.list.map(c => ({ kind: 'cgroup', c }));
    if (node?.kind === 'cgroup') {
      const s = this.snapshot;
      if (!s || 'error' in s) return [];
      return s.processes.filter(p => p.limitedBy === node.c.path).map(p => ({ kind: 'process', p }));
    }
    if (node) return [];
    if (!this.snapshot) await this.load();
    const s = this.snapshot!;
    if ('error' in s) return [{ kind: 'message', text: s.error }];
    const out: Node[] = [];
    if (s.cgroups.length) out.push({ kind: 'cgroups', list: s.cgroups });
    for (const p of s.processes.slice(0, MAX_ROWS)) out.push({ kind: 'process', p });
    if (s.processes.length > MAX_ROWS) out.push({ kind: 'message', text: `… ${s.processes.length - MAX_ROWS} more with lower scores (oom-lens ps lists all)` });
    return out;
  }

  getTreeItem(node: Node): vscode.TreeItem {
    switch (node.kind) {
      case 'message': {
        const item = new vscode.TreeItem(node.text);
        item.tooltip = node.tooltip ?? node.text;
        return item;
      }
      case 'cgroups': {
        const item = new vscode.TreeItem(`Cgroups with a memory limit (${node.list.length})`, vscode.TreeItemCollapsibleState.Expanded);
        item.iconPath = new vscode.ThemeIcon('server-environment');
        return item;
      }
      case 'cgroup': {
        const c = node.c;
        const item = new vscode.TreeItem(c.owner ?? c.path, vscode.TreeItemCollapsibleState.Collapsed);
        item.description = c.headroom;
        item.iconPath = new vscode.ThemeIcon('dashboard');
        const md = new vscode.MarkdownString();
        md.appendMarkdown(`**${mdText(clean(c.path))}** (cgroup v${c.version})\n\n`);
        md.appendText(`Memory: ${c.headroom}\nOOM and limit events since it was created: ${c.eventsSummary}\n`);
        md.appendText(c.pressure ? `Pressure: some ${c.pressure.someAvg10.toFixed(2)} %${c.pressure.fullAvg10 !== undefined ? `, full ${c.pressure.fullAvg10.toFixed(2)} %` : ''} of the last 10 s\n` : 'Pressure: not available\n');
        md.appendText(`${c.processes} process${c.processes === 1 ? '' : 'es'} below it compete when this limit is hit.`);
        item.tooltip = md;
        return item;
      }
      case 'process': {
        const p = node.p;
        const item = new vscode.TreeItem(`${clean(p.name)} (${p.pid})`);
        const owner = p.unit ?? p.container;
        item.description = [
          p.oomScore !== null ? `score ${p.oomScore}` : 'score ?',
          p.oomScoreAdj ? `adj ${p.oomScoreAdj}` : '',
          p.exempt === 'kernel thread' ? 'kernel thread' : `RSS ${size(p.rssKiB)}`,
          owner ? clean(owner) : '',
        ].filter(Boolean).join(' · ');
        item.iconPath = new vscode.ThemeIcon(p.exempt ? 'shield' : p.rank === 1 ? 'flame' : 'circle-small-filled');
        const md = new vscode.MarkdownString();
        md.appendMarkdown(`**${mdText(clean(p.name))}** (pid ${p.pid})${p.rank ? ` — #${p.rank} in line for the OOM killer` : ''}\n\n`);
        for (const line of p.explanation) md.appendMarkdown(`- ${mdText(line)}\n`);
        md.appendText(`\noom_score ${p.oomScore ?? '?'}, oom_score_adj ${p.oomScoreAdj ?? '?'}, RSS ${size(p.rssKiB)}, swap ${size(p.swapKiB)}, page tables ${size(p.pageTablesKiB)}${p.cgroup ? `, cgroup ${clean(p.cgroup)}` : ''}`);
        item.tooltip = md;
        item.contextValue = 'oomLens.process';
        return item;
      }
    }
  }

  /** The top-level rows as text (the integration suite reads them). */
  async rowsForTest(): Promise<{ label: string; description?: string; tooltip?: string; pid?: number; oomScore?: number | null }[]> {
    const nodes = await this.getChildren();
    return nodes.map(n => {
      const item = this.getTreeItem(n);
      const tooltip = item.tooltip instanceof vscode.MarkdownString ? item.tooltip.value : item.tooltip;
      return { label: String(item.label), description: item.description as string | undefined, tooltip, pid: n.kind === 'process' ? n.p.pid : undefined, oomScore: n.kind === 'process' ? n.p.oomScore : undefined };
    });
  }

  dispose(): void {
    if (this.timer) clearInterval(this.timer);
    for (const s of this.subscriptions) s.dispose();
    this.changed.dispose();
  }
}
