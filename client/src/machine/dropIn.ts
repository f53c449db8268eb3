/**
 * **Fix it from the log**: on an OOM event whose cgroup names a systemd unit, a code action and
 * the command `oomLens.createDropIn` write `<unit>.d/50-oom-lens.conf` into the workspace (beside
 * the unit file when the workspace has it) with the settings the server drafts from the report
 * (server/src/machine/dropin.ts), and offer the equivalent systemctl command to copy. It never
 * writes outside the workspace folders and runs nothing.
 */
import * as path from 'path';
import * as vscode from 'vscode';
import type { DropInChoice, DropInDraft } from '../../../server/src/lsp/protocol';

type RequestFn = (method: string, params: unknown) => Promise<unknown>;
interface Target { eventIndex: number; startLine: number; endLine: number; unit: string; limitHere: boolean; peakKiB: number | null }

const CHOICES: { choice: DropInChoice; label: string; detail: string }[] = [
  { choice: 'limits', label: 'MemoryHigh= and MemoryMax= sized from the log', detail: 'Throttle above the peak the log shows, hard limit with 25 % headroom: the unit is slowed before it is killed, and only it is killed.' },
  { choice: 'protect', label: 'OOMScoreAdjust=-500', detail: 'In a machine-wide OOM, other processes go first. No help when the unit hits its own limit.' },
  { choice: 'oomd', label: 'ManagedOOMMemoryPressure=kill', detail: 'systemd-oomd stops the unit when it stalls on memory for long, before the kernel OOM killer acts (needs systemd-oomd).' },
];

export class DropInActions implements vscode.CodeActionProvider, vscode.Disposable {
  private readonly registration: vscode.Disposable;
  private readonly cache = new Map<string, { version: number; targets: Promise<Target[]> }>();

  constructor(private readonly request: RequestFn) {
    this.registration = vscode.languages.registerCodeActionsProvider({ language: 'oom-log' }, this, { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] });
  }

  private targets(doc: vscode.TextDocument): Promise<Target[]> {
    const key = doc.uri.toString();
    const hit = this.cache.get(key);
    if (hit && hit.version === doc.version) return hit.targets;
    const targets = (this.request('oomLens/machine/dropInTargets', { uri: key }) as Promise<Target[] | null>).then(t => t ?? [], () => []);
    this.cache.set(key, { version: doc.version, targets });
    return targets;
  }

  async provideCodeActions(doc: vscode.TextDocument, range: vscode.Range | vscode.Selection): Promise<vscode.CodeAction[]> {
    const line = range.start.line;
    const t = (await this.targets(doc)).find(x => x.startLine <= line && line <= x.endLine);
    if (!t) return [];
    const action = new vscode.CodeAction(`Create drop-in for ${t.unit}…`, vscode.CodeActionKind.QuickFix);
    action.command = { command: 'oomLens.createDropIn', title: action.title, arguments: [doc.uri, t.eventIndex] };
    return [action];
  }

  /**
   * @param choice skips the question (tests, keybindings); the file is then written without asking
   *   again only when it does not exist yet
   */
  async create(uri?: vscode.Uri, eventIndex?: number, choice?: DropInChoice): Promise<vscode.Uri | undefined> {
    const doc = uri ? await vscode.workspace.openTextDocument(uri) : vscode.window.activeTextEditor?.document;
    if (!doc) { void vscode.window.showErrorMessage('Open an OOM log first, then put the cursor on an OOM event.'); return undefined; }
    const targets = await this.targets(doc);
    let t: Target | undefined = eventIndex !== undefined ? targets.find(x => x.eventIndex === eventIndex) : undefined;
    if (!t) {
      const line = vscode.window.activeTextEditor?.document === doc ? vscode.window.activeTextEditor.selection.active.line : -1;
      t = targets.find(x => x.startLine <= line && line <= x.endLine);
    }
    if (!t && targets.length) {
      const pick = await vscode.window.showQuickPick(targets.map(x => ({ label: x.unit, description: `event ${x.eventIndex + 1}, line ${x.startLine + 1}${x.limitHere ? ', hit its own limit' : ''}`, x })), { title: 'Drop-in for which OOM event?' });
      t = pick?.x;
      if (!pick) return undefined;
    }
    if (!t) { void vscode.window.showErrorMessage('No OOM event in this log names a systemd unit (kernel memcg paths like /system.slice/app.service do).'); return undefined; }
    const folders = vscode.workspace.workspaceFolders?.filter(f => f.uri.scheme === 'file') ?? [];
    if (!folders.length) { void vscode.window.showErrorMessage('Open a folder first: OOM Lens writes the drop-in into the workspace only.'); return undefined; }
    if (!choice) {
      const pick = await vscode.window.showQuickPick(CHOICES.map(c => ({ label: c.label, detail: c.detail, choice: c.choice })), { title: `Drop-in for ${t.unit}: what should it set?`, matchOnDetail: true });
      if (!pick) return undefined;
      choice = pick.choice;
    }
    const draft = await this.request('oomLens/machine/dropIn', { uri: doc.uri.toString(), eventIndex: t.eventIndex, choice }) as DropInDraft | { error: string } | null;
    if (!draft || 'error' in draft) { void vscode.window.showErrorMessage(draft?.error ?? 'The language server gave no answer.'); return undefined; }

    // beside the unit file when the workspace has one, else at the root of the first folder
    const [unitFile] = await vscode.workspace.findFiles(`**/${draft.unit}`, '**/node_modules/**', 1);
    const baseDir = unitFile && unitFile.scheme === 'file' ? path.dirname(unitFile.fsPath) : folders[0].uri.fsPath;
    const target = path.resolve(baseDir, draft.relativePath);
    const inside = folders.some(f => { const rel = path.relative(f.uri.fsPath, target); return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel); });
    if (!inside) { void vscode.window.showErrorMessage(`${target} is outside the workspace; OOM Lens writes only inside it.`); return undefined; }
    const targetUri = vscode.Uri.file(target);
    let exists = false;
    try { await vscode.workspace.fs.stat(targetUri); exists = true; } catch { exists = false; }
    if (exists) {
      const answer = await vscode.window.showWarningMessage(`${vscode.workspace.asRelativePath(targetUri)} exists. Replace it?`, { modal: true }, 'Replace');
      if (answer !== 'Replace') return undefined;
    }
    await vscode.workspace.fs.writeFile(targetUri, Buffer.from(draft.text, 'utf8'));
    await vscode.window.showTextDocument(targetUri, { preview: false });
    const copy = 'Copy command';
    void vscode.window.showInformationMessage(`Wrote ${vscode.workspace.asRelativePath(targetUri)}. Or, on the machine: ${draft.commands.join(' ; ')}`, copy)
      .then(a => { if (a === copy) void vscode.env.clipboard.writeText(draft.commands.join('\n')); });
    return targetUri;
  }

  dispose(): void {
    this.registration.dispose();
  }
}
