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

/** Bytes per read back from a spill file (and per write of the text kept in memory). */
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
  private mem: Buffer[] = [];
  private memBytes = 0;
  private fd: number | undefined;
  private file: string | undefined;
  private fileBytes = 0;

  constructor(private readonly dir: SpillDir, private readonly bound: number) {}

  /** Bytes held in memory now. */
  get heldBytes(): number { return this.memBytes; }

  /** Whether the text went to a file. */
  get spilled(): boolean { return this.fd !== undefined; }

  add(s: string): void {
    // a copy in bytes: not a string cut from a region's text, which would keep that whole text alive
    const b = Buffer.from(s, 'utf8');
    this.mem.push(b);
    this.memBytes += b.length;
    if (this.memBytes > this.bound) this.flush();
  }

  private flush(): void {
    if (this.fd === undefined) {
      this.file = path.join(this.dir.path, `spool-${++spoolSeq}`);
      this.fd = fs.openSync(this.file, 'wx+', 0o600);
    }
    const b = Buffer.concat(this.mem, this.memBytes);
    for (let off = 0; off < b.length;) off += fs.writeSync(this.fd, b, off, b.length - off, this.fileBytes + off);
    this.fileBytes += b.length;
    this.mem = [];
    this.memBytes = 0;
  }

  /**
   * Writes the text to `write` in pieces of about 1 MB (waiting for `drain`, when given, after
   * each), then empties the spool and removes its file.
   */
  async writeTo(write: (s: string) => void, drain?: () => Promise<void>): Promise<void> {
    try {
      if (this.fd === undefined) {
        for (let k = 0; k < this.mem.length;) {
          const batch: Buffer[] = [];
          let size = 0;
          while (k < this.mem.length && size < PIECE) { size += this.mem[k].length; batch.push(this.mem[k++]); }
          write(Buffer.concat(batch, size).toString('utf8'));
          if (drain) await drain();
        }
        return;
      }
      if (this.memBytes) this.flush();
      // a piece may end inside a character: the decoder keeps its first bytes for the next piece
      const dec = new StringDecoder('utf8');
      const buf = Buffer.allocUnsafe(PIECE);
      for (let pos = 0; pos < this.fileBytes;) {
        const n = fs.readSync(this.fd, buf, 0, Math.min(PIECE, this.fileBytes - pos), pos);
        if (n <= 0) throw new Error(`the temporary file ${this.file} ended after ${pos} of its ${this.fileBytes} bytes`);
        pos += n;
        const s = dec.write(buf.subarray(0, n));
        if (s) write(s);
        if (drain) await drain();
      }
      const rest = dec.end();
      if (rest) write(rest);
    } finally {
      this.dispose();
    }
  }

  /** Forgets the text and removes its file. */
  dispose(): void {
    this.mem = [];
    this.memBytes = 0;
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
