// The system image: everything the browser needs to boot Glassbox, in one file.
//
// The kernel and the programs are compiled by the same toolchain as the CLI,
// in Node, when the site is built (web/tools/build-image.ts); the browser
// only loads the result. One file holds the kernel ELF, the programs for
// /bin, bare-machine demos, the header texts the host reads (bootinfo.h,
// trace.h, syscall.h) and the source files named by the line tables, so the
// Code view can show C beside the disassembly.
//
// Layout: the 8 magic bytes "GBIMAGE1", a u32 (little-endian) length of a
// UTF-8 JSON manifest, the manifest, then the binaries back to back at the
// offsets the manifest gives (relative to the end of the manifest).
//
// The site serves it gzip-compressed (web/generated/glassbox.img.gz, RFC
// 1952, made with fflate at level 9): about a sixth of the bytes, from any
// static file server, with no server configuration. fetchImage() takes
// either form — a server that adds Content-Encoding: gzip to .gz files
// hands the browser's already-decompressed bytes over — by the magic bytes.

import { gunzipSync, gzipSync } from 'fflate';

export const IMAGE_MAGIC = 'GBIMAGE1';
const GZIP_MAGIC = [0x1f, 0x8b];

export type ImageBinaryKind = 'kernel' | 'program' | 'bare';

export interface ImageBinary {
  name: string;
  kind: ImageBinaryKind;
  bytes: Uint8Array;
}

export interface SystemImage {
  /** The kernel ELF, when it built. */
  kernel?: Uint8Array;
  /** Why there is no kernel (the build's error messages). */
  kernelError?: string;
  /** Programs for /bin by name. */
  programs: Map<string, Uint8Array>;
  /** Bare-machine demos (linked at 1 MiB) by name. */
  bare: Map<string, Uint8Array>;
  /** Repository-relative path -> text, for headers and sources. */
  texts: Map<string, string>;
}

interface Manifest {
  binaries: { name: string; kind: ImageBinaryKind; offset: number; length: number }[];
  texts: Record<string, string>;
  kernelError?: string;
}

export class ImageError extends Error {}

/** Serialize an image. */
export function packImage(image: SystemImage): Uint8Array {
  const binaries: ImageBinary[] = [];
  if (image.kernel) binaries.push({ name: 'kernel', kind: 'kernel', bytes: image.kernel });
  for (const [name, bytes] of image.programs) binaries.push({ name, kind: 'program', bytes });
  for (const [name, bytes] of image.bare) binaries.push({ name, kind: 'bare', bytes });
  const manifest: Manifest = { binaries: [], texts: Object.fromEntries(image.texts) };
  if (image.kernelError !== undefined) manifest.kernelError = image.kernelError;
  let offset = 0;
  for (const b of binaries) {
    manifest.binaries.push({ name: b.name, kind: b.kind, offset, length: b.bytes.length });
    offset += b.bytes.length;
  }
  const json = new TextEncoder().encode(JSON.stringify(manifest));
  const out = new Uint8Array(12 + json.length + offset);
  out.set(new TextEncoder().encode(IMAGE_MAGIC), 0);
  new DataView(out.buffer).setUint32(8, json.length, true);
  out.set(json, 12);
  let at = 12 + json.length;
  for (const b of binaries) {
    out.set(b.bytes, at);
    at += b.bytes.length;
  }
  return out;
}

/** Read an image; throws ImageError with a clear message on anything malformed. */
export function unpackImage(bytes: Uint8Array): SystemImage {
  if (bytes.length < 12 || new TextDecoder().decode(bytes.subarray(0, 8)) !== IMAGE_MAGIC) {
    throw new ImageError('not a Glassbox system image (bad magic)');
  }
  const jsonLength = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(8, true);
  if (12 + jsonLength > bytes.length) throw new ImageError('system image truncated (manifest)');
  let manifest: Manifest;
  try {
    manifest = JSON.parse(new TextDecoder().decode(bytes.subarray(12, 12 + jsonLength))) as Manifest;
  } catch (e) {
    throw new ImageError(`system image manifest is not JSON (${(e as Error).message})`);
  }
  if (!Array.isArray(manifest.binaries) || typeof manifest.texts !== 'object' || manifest.texts === null) {
    throw new ImageError('system image manifest lacks binaries or texts');
  }
  const base = 12 + jsonLength;
  const image: SystemImage = {
    programs: new Map(),
    bare: new Map(),
    texts: new Map(Object.entries(manifest.texts)),
  };
  if (typeof manifest.kernelError === 'string') image.kernelError = manifest.kernelError;
  for (const b of manifest.binaries) {
    if (!Number.isInteger(b.offset) || !Number.isInteger(b.length) || b.offset < 0 || b.length < 0 ||
        base + b.offset + b.length > bytes.length) {
      throw new ImageError(`system image truncated (binary '${b.name}')`);
    }
    const data = bytes.slice(base + b.offset, base + b.offset + b.length);
    if (b.kind === 'kernel') image.kernel = data;
    else if (b.kind === 'program') image.programs.set(b.name, data);
    else if (b.kind === 'bare') image.bare.set(b.name, data);
    else throw new ImageError(`system image: unknown binary kind '${String(b.kind)}'`);
  }
  return image;
}

/** The packed image as the site serves it: gzip, level 9, no timestamp (the same input gives the same bytes). */
export function compressImage(packed: Uint8Array): Uint8Array {
  return gzipSync(packed, { level: 9, mtime: 0 });
}

function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === GZIP_MAGIC[0] && bytes[1] === GZIP_MAGIC[1];
}

/**
 * The packed image from what was fetched: gunzipped when it is gzip (by the
 * platform's DecompressionStream, native code, where there is one; else by
 * fflate), as is when it is not. A broken gzip stream is an ImageError.
 */
export async function decompressImage(bytes: Uint8Array): Promise<Uint8Array> {
  if (!isGzip(bytes)) return bytes;
  try {
    if (typeof DecompressionStream === 'function') {
      const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream('gzip'));
      return new Uint8Array(await new Response(stream).arrayBuffer());
    }
    return gunzipSync(bytes);
  } catch (e) {
    throw new ImageError(`the system image is not valid gzip (${e instanceof Error ? e.message : String(e)})`);
  }
}

/** Fetch, decompress and unpack the image at `url`, timing the fetch and the rest (host ms). */
export async function fetchImage(url: string): Promise<{ image: SystemImage; fetchMs: number; unpackMs: number }> {
  let t = performance.now();
  const response = await fetch(url);
  if (!response.ok) throw new ImageError(`could not load the system image ${url}: HTTP ${response.status}`);
  const bytes = new Uint8Array(await response.arrayBuffer());
  const fetchMs = performance.now() - t;
  t = performance.now();
  const image = unpackImage(await decompressImage(bytes));
  return { image, fetchMs, unpackMs: performance.now() - t };
}
