// The ramfs archive format: cpio "newc", as Linux's initramfs.
//
// Each member is a 110-byte ASCII header (magic 070701 and thirteen 8-digit
// hex fields), the NUL-terminated name, padding to 4 bytes, the data, and
// padding again; a member named TRAILER!!! ends the archive. The kernel's
// kernel/cpio.c reads exactly this.

export interface RamfsEntry {
  /** Absolute path in the guest: "/bin/sh". */
  path: string;
  kind: 'file' | 'dir' | 'chardev';
  data?: Uint8Array;
  /** Device number for a chardev (1 console, 2 null, 3 zero). */
  major?: number;
}

export class CpioError extends Error {}

const S_IFDIR = 0o040000;
const S_IFREG = 0o100000;
const S_IFCHR = 0o020000;

/** The archive's bytes as chunks, 4-byte aligned as newc requires. */
class ArchiveWriter {
  private readonly chunks: Uint8Array[] = [];
  private length = 0;
  private readonly enc = new TextEncoder();

  member(name: string, mode: number, data: Uint8Array, ino: number, rdevMajor: number): void {
    const nameBytes = this.enc.encode(name + '\0');
    const fields = [ino, mode, 0, 0, 1, 0, data.length, 0, 0, rdevMajor, 0, nameBytes.length, 0];
    this.push(this.enc.encode('070701' + fields.map((f) => (f >>> 0).toString(16).padStart(8, '0')).join('')));
    this.push(nameBytes);
    this.pad();
    this.push(data);
    this.pad();
  }

  bytes(): Uint8Array {
    const out = new Uint8Array(this.length);
    let at = 0;
    for (const c of this.chunks) {
      out.set(c, at);
      at += c.length;
    }
    return out;
  }

  private push(b: Uint8Array): void {
    this.chunks.push(b);
    this.length += b.length;
  }

  private pad(): void {
    const n = (4 - (this.length % 4)) % 4;
    if (n) this.push(new Uint8Array(n));
  }
}

/**
 * A cpio "newc" archive of the entries (parents before children is the
 * caller's business; the kernel creates directories as it meets them).
 */
export function makeCpio(entries: RamfsEntry[]): Uint8Array {
  const w = new ArchiveWriter();
  entries.forEach((e, i) => {
    const name = e.path.replace(/^\/+/, '');
    if (!name) throw new CpioError(`ramfs entry with an empty path`);
    const mode = e.kind === 'dir' ? S_IFDIR | 0o755 : e.kind === 'chardev' ? S_IFCHR | 0o666 : S_IFREG | 0o755;
    w.member(name, mode, e.kind === 'file' ? (e.data ?? new Uint8Array(0)) : new Uint8Array(0), i + 1, e.major ?? 0);
  });
  w.member('TRAILER!!!', 0, new Uint8Array(0), 0, 0);
  return w.bytes();
}
