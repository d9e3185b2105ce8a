// Number formatting shared by the views: addresses in hex, cycles and rates
// in the units people read at a glance.

/** 8-digit hex with 0x. */
export function hex(n: number, width = 8): string {
  return '0x' + (n >>> 0).toString(16).padStart(width, '0');
}

/** A cycle count with thousands separators: 12,345,678. */
export function cycles(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

/** A big count shortly: 950, 12.3k, 4.56M, 7.89G. */
export function short(n: number): string {
  const a = Math.abs(n);
  if (a >= 1e9) return (n / 1e9).toFixed(a >= 1e10 ? 1 : 2) + 'G';
  if (a >= 1e6) return (n / 1e6).toFixed(a >= 1e7 ? 1 : 2) + 'M';
  if (a >= 1e3) return (n / 1e3).toFixed(a >= 1e4 ? 1 : 2) + 'k';
  return String(Math.round(n));
}

/** A fraction as a percentage ('–' when unknown); two decimals, as TLB hit rates crowd 100%. */
export function percent(f: number): string {
  return Number.isFinite(f) ? (f * 100).toFixed(2) + '%' : '–';
}

/** Bytes as KiB/MiB for region sizes. */
export function size(bytes: number): string {
  if (bytes >= 1 << 20) return (bytes / (1 << 20)).toFixed(bytes % (1 << 20) ? 1 : 0) + ' MiB';
  if (bytes >= 1 << 10) return (bytes / (1 << 10)).toFixed(bytes % (1 << 10) ? 1 : 0) + ' KiB';
  return bytes + ' B';
}

/** Guest time at the cycle model's nominal 3 GHz (labelled as guest time by callers). */
export function guestTime(cyc: number): string {
  const us = cyc / 3000;
  if (us >= 1e6) return (us / 1e6).toFixed(3) + ' s';
  if (us >= 1e3) return (us / 1e3).toFixed(3) + ' ms';
  return us.toFixed(1) + ' µs';
}
