/**
 * The server's open documents: LSP's TextDocument interface over ChunkedText, so that an edit of
 * a 50 MB log copies one chunk instead of the whole text (see common/chunkedText.ts).
 * Each version's text is an immutable ChunkedText (`snapshot`): an analysis keeps the one it was
 * made from, later edits do not change it.
 */
import type { Position, Range, TextDocument, TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import { ChunkedText } from '../common/chunkedText';

export class ChunkedDocument implements TextDocument {
  constructor(readonly uri: string, readonly languageId: string, public version: number, public snapshot: ChunkedText) {}

  static create(uri: string, languageId: string, version: number, content: string): ChunkedDocument {
    return new ChunkedDocument(uri, languageId, version, ChunkedText.of(content));
  }

  /** Applies LSP content changes in order (TextDocuments calls this for didChange). */
  update(changes: readonly TextDocumentContentChangeEvent[], version: number): void {
    this.snapshot = this.snapshot.edit(changes.map(c => ('range' in c && c.range ? { range: c.range, text: c.text } : { text: c.text })));
    this.version = version;
  }

  get lineCount(): number { return this.snapshot.lineCount; }

  /** The whole text (one string, built on first use per version), or the text of `range`. */
  getText(range?: Range): string {
    if (!range) return this.snapshot.getText();
    return this.snapshot.slice(this.offsetAt(range.start), this.offsetAt(range.end));
  }

  /** The line without its break; a line past the end means the last line, a negative one an empty range at 0:0. */
  getLineRange(line: number): Range {
    const t = this.snapshot;
    if (line < 0) return { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    const l = Math.min(line, t.lineCount - 1);
    return { start: { line: l, character: 0 }, end: { line: l, character: t.lineEnd(l) - t.lineStart(l) } };
  }

  /** The break ending `line` (\n, \r\n or \r; '' for the last line and out of range). */
  getEOLCharacters(line: number): string {
    const t = this.snapshot;
    if (line < 0 || line >= t.lineCount) return '';
    return t.slice(t.lineEnd(line), t.lineStart(line + 1));
  }

  positionAt(offset: number): Position { return this.snapshot.positionAt(offset); }
  offsetAt(position: Position): number { return this.snapshot.offsetAt(position); }
}
