/**
 * Output that `oom-lens analyze` writes only at a file's end (the text format's summaries and the
 * Markdown report's rows and events come after the event count): kept in memory up to a bound,
 * and past it appended to a file in a private temporary directory, so that a log of any size is
 * written in bounded memory. The directory (mode 0700 from mkdtemp, files 0600) is made on the
 * first spill only and removed by SpillDir.remove, which the command calls on every way out; a
 * process that exits without it (an uncaught error, a write to a closed pipe) removes it on 'exit'.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { StringDecoder } from 'string_decoder';

/** Bytes per piece written back. */
const PIECE = 1024 * 1024;

/** The temporary directory of one command's spill files, made when first needed. */
export class SpillDir {
  private dir: string | undefined;
  private readonly onExit = () => this.remove();
  constructor(private readonly base: string = os.tmpdir()) {}

  /** The directory, made now if it is not yet. */
  get path(): string {
    if (this.dir === undefined) {
      this.dir = fs.mkdtempSync(path.join(this.base, 'oom-lens-'));
      process.once('exit', this.onExit);
    }
    return this.dir;
  }

  /** Removes the directory and what is in it (open files included: they are unlinked, and closed by their Spool). */
  remove(): void {
    if (this.dir === undefined) return;
    const dir = this.dir;
    this.dir = undefined;
    process.removeListener('exit', this.onExit);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

let spoolSeq = 0;

/** Text written in order and read back once, in memory up to `bound` bytes and in a file of `dir` past it. */
export class Spool {
  /**
   * The text kept in memory, as UTF-8 in one buffer of its own: not a Buffer per text, which,
   * when small, is a slice of a shared 8 KB pool and keeps the whole pool alive.
   */
  private buf: Buffer | undefined;
  private used = 0;
  private fd: number | undefined;
  private file: string | undefined;
  private fileBytes = 0;

  constructor(private readonly dir: SpillDir, private readonly bound: number) {}

  /** Bytes held in memory now. */
  get heldBytes(): number { return this.used; }

  /** Whether the text went to a file. */
  get spilled(): boolean { return this.fd !== undefined; }

  add(s: string): void {
    const n = Buffer.byteLength(s, 'utf8');
    if (this.used + n > this.bound) {
      this.flush();
      if (n > this.bound) { this.append(Buffer.from(s, 'utf8')); return; }
    }
    const need = this.used + n;
    if (!this.buf || this.buf.length < need) {
      const grown = Buffer.allocUnsafe(Math.max(need, Math.min(this.bound, Math.max(65536, (this.buf?.length ?? 0) * 2))));
      if (this.buf) this.buf.copy(grown, 0, 0, this.used);
      this.buf = grown;
    }
    // a copy in bytes: not a string cut from a region's text, which would keep that whole text alive
    this.used += this.buf.write(s, this.used, 'utf8');
  }

  /** Moves the text in memory to the file, which is made now if it is not yet. */
  private flush(): void {
    if (this.fd === undefined) {
      this.file = path.join(this.dir.path, `spool-${++spoolSeq}`);
      this.fd = fs.openSync(this.file, 'wx+', 0o600);
    }
    if (this.used) this.append(this.buf!.subarray(0, this.used));
    this.used = 0;
  }

  private append(b: Buffer): void {
    for (let off = 0; off < b.length;) off += fs.writeSync(this.fd!, b, off, b.length - off, this.fileBytes + off);
    this.fileBytes += b.length;
  }

  /**
   * Writes the text to `write` in pieces of about 1 MB (waiting for `drain`, when given, after
   * each), then empties the spool and removes its file.
   */
  async writeTo(write: (s: string) => void, drain?: () => Promise<void>): Promise<void> {
    try {
      // a piece may end inside a character: the decoder keeps its first bytes for the next piece
      const dec = new StringDecoder('utf8');
      const emit = async (b: Buffer) => {
        const s = dec.write(b);
        if (s) write(s);
        if (drain) await drain();
      };
      if (this.fd === undefined) {
        for (let pos = 0; pos < this.used; pos += PIECE) await emit(this.buf!.subarray(pos, Math.min(this.used, pos + PIECE)));
      } else {
        this.flush();
        const piece = Buffer.allocUnsafe(PIECE);
        for (let pos = 0; pos < this.fileBytes;) {
          const n = fs.readSync(this.fd, piece, 0, Math.min(PIECE, this.fileBytes - pos), pos);
          if (n <= 0) throw new Error(`the temporary file ${this.file} ended after ${pos} of its ${this.fileBytes} bytes`);
          pos += n;
          await emit(piece.subarray(0, n));
        }
      }
      const rest = dec.end();
      if (rest) write(rest);
    } finally {
      this.dispose();
    }
  }

  /** Forgets the text and removes its file. */
  dispose(): void {
    this.buf = undefined;
    this.used = 0;
    if (this.fd !== undefined) {
      const fd = this.fd, file = this.file!;
      this.fd = undefined;
      this.file = undefined;
      this.fileBytes = 0;
      fs.closeSync(fd);
      fs.rmSync(file, { force: true });
    }
  }
}
