/**
 * The open documents: LSP's TextDocuments over ChunkedDocument, the line edits made since the last
 * analysis of each (for incremental re-parsing of OOM logs) and the language each one is read as.
 */
import { TextDocuments } from 'vscode-languageserver';
import { ChunkedDocument } from './document';
import { languageOf, type LanguageName } from '../files/languages';
import { composeChanges, composeEdits, type LineEdit } from '../oomlog/incremental';

/**
 * Line edits made since the cached analysis of an OOM log, recorded as TextDocuments applies
 * them (edit undefined: none yet; null: not expressible as one line span, parse everything).
 */
export interface EditLog { fromVersion: number; toVersion: number; edit: LineEdit | null | undefined }

export class DocumentStore {
  readonly editLogs = new Map<string, EditLog>();
  private readonly languageCache = new Map<string, { version: number; lang: LanguageName | null }>();
  /** Called when a document is (re)opened: whatever was known about an earlier copy is void. */
  private readonly reopened: ((uri: string) => void)[] = [];

  readonly documents = new TextDocuments<ChunkedDocument>({
    create: (uri, languageId, version, content) => {
      this.editLogs.delete(uri);
      for (const f of this.reopened) f(uri);
      return ChunkedDocument.create(uri, languageId, version, content);
    },
    update: (doc, changes, version) => {
      const log = this.editLogs.get(doc.uri);
      if (log && log.toVersion === doc.version) {
        // an inserted \r could make the parser's lines differ from the editor's: no shortcuts then
        // (LSP positions cannot split a \r\n, so deletions cannot leave a lone \r)
        const e = changes.some(c => c.text.includes('\r')) ? null : composeChanges(changes);
        log.edit = log.edit === undefined ? e : log.edit && e ? composeEdits(log.edit, e) : null;
        log.toVersion = version;
      } else this.editLogs.delete(doc.uri);
      doc.update(changes, version);
      return doc;
    },
  });

  constructor(private readonly filePath: (uri: string) => string) {}

  onReopen(f: (uri: string) => void): void { this.reopened.push(f); }

  get(uri: string): ChunkedDocument | undefined { return this.documents.get(uri); }
  all(): ChunkedDocument[] { return this.documents.all(); }

  languageOf(doc: ChunkedDocument): LanguageName | null {
    const hit = this.languageCache.get(doc.uri);
    // A plain-text document may become an OOM log when one is pasted in: re-check on each version
    // until it does (then it stays one until closed: no rescan of a huge log per keystroke).
    if (hit && (hit.version === doc.version || hit.lang === 'oom-log')) return hit.lang;
    const lang = languageOf(doc.languageId, this.filePath(doc.uri), () => doc.getText());
    this.languageCache.set(doc.uri, { version: doc.version, lang });
    return lang;
  }

  closed(uri: string): void { this.languageCache.delete(uri); }
}
