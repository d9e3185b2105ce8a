// A generator of random, well-defined C expression programs for differential
// testing of the code generator (a small cousin of Csmith). Each program
// declares variables of every integer type, then evaluates random
// expressions and compound assignments and prints a checksum line per step.
// Undefined behaviour is avoided by construction: division and remainder use
// divisors forced into 1..128, shift counts are masked to 0..31 and shift
// only unsigned values, and signed overflow is defined with gcc -fwrapv,
// which matches the machine's wrap-around.

type Rand = () => number;

const TYPES = ['int', 'unsigned', 'short', 'unsigned short', 'char', 'signed char', 'unsigned char'];

function pick<T>(r: Rand, xs: readonly T[]): T {
  return xs[Math.floor(r() * xs.length)];
}

export function generateExprProgram(r: Rand, steps = 40): string {
  const vars: { name: string; type: string }[] = [];
  const lines: string[] = ['#include <stdio.h>', '', 'int main(void) {'];
  let k = 0;
  for (const type of TYPES) {
    for (let i = 0; i < 2; i++) {
      const name = `v${k++}`;
      vars.push({ name, type });
      const init = Math.floor(r() * 2000) - 1000;
      lines.push(`  ${type} ${name} = ${init};`);
    }
  }
  lines.push('  int arr[8] = {3, -1, 4, -1, 5, -9, 2, 6};', '  unsigned check = 0;');
  // Struct members reached in every way the code generator distinguishes:
  // through a variable, a pointer, an indexed array, pointer arithmetic.
  lines.push(
    '  struct S { char c; short s; int i; unsigned u; unsigned char uc; unsigned short us; } st[4] = {{1, 2, 3, 4, 5, 6}, {-7, -8, -9, 10, 11, 12}};',
    '  struct S *ps = &st[1];',
    '  int idx = 2;',
  );
  const members = ['c', 's', 'i', 'u', 'uc', 'us'];
  const memberPaths = () => {
    const m = pick(r, members);
    return pick(r, [`st[0].${m}`, `ps->${m}`, `st[idx & 3].${m}`, `(ps + 1)->${m}`, `ps[-1].${m}`, `(*ps).${m}`, `st[${v()} & 3].${m}`]);
  };
  const v = () => pick(r, vars).name;
  const lvalue = () => (r() < 0.7 ? v() : memberPaths());
  const expr = (depth: number): string => {
    if (depth <= 0 || r() < 0.25) {
      const c = r();
      if (c < 0.45) return v();
      if (c < 0.55) return memberPaths();
      if (c < 0.7) return `arr[${v()} & 7]`;
      if (c < 0.85) return String(Math.floor(r() * 200) - 100);
      return pick(r, ['0x7fffffff', '0x80000000u', '255', '-128', '65535', '1u']);
    }
    const a = expr(depth - 1);
    const b = expr(depth - 1);
    switch (Math.floor(r() * 20)) {
      case 0: return `(${a} + ${b})`;
      case 1: return `(${a} - ${b})`;
      case 2: return `(${a} * ${b})`;
      case 3: return `(${a} / (int)((${b} & 127) + 1))`;
      case 4: return `(${a} % (int)((${b} & 127) + 1))`;
      case 5: return `((unsigned)${a} / ((unsigned)${b} % 1000u + 1u))`;
      case 6: return `(${a} & ${b})`;
      case 7: return `(${a} | ${b})`;
      case 8: return `(${a} ^ ${b})`;
      case 9: return `((unsigned)${a} << (${b} & 31))`;
      case 10: return `((unsigned)${a} >> (${b} & 31))`;
      case 11: return `((int)${a} >> (${b} & 15))`;
      case 12: return `(${a} ${pick(r, ['<', '<=', '>', '>=', '==', '!='])} ${b})`;
      case 13: return `(${a} ${pick(r, ['&&', '||'])} ${b})`;
      case 14: return `(${a} ? ${b} : ${expr(depth - 1)})`;
      case 15: return `(${pick(r, TYPES)})(${a})`;
      case 16: return `(-(${a}))`;
      case 17: return `(~(${a}))`;
      case 18: return `(!(${a}))`;
      default: return `(${a}, ${b})`;
    }
  };
  for (let s = 0; s < steps; s++) {
    const target = lvalue();
    const c = r();
    let stmt: string;
    if (c < 0.35) stmt = `${target} = ${expr(3)};`;
    else if (c < 0.6) stmt = `${target} ${pick(r, ['+=', '-=', '*=', '&=', '|=', '^='])} ${expr(2)};`;
    else if (c < 0.7) stmt = `${target} ${pick(r, ['/=', '%='])} (int)((${expr(2)} & 63) + 1);`;
    else if (c < 0.75) stmt = `${target} ${pick(r, ['<<=', '>>='])} (${expr(1)} & 7);`;
    else if (c < 0.85) stmt = `${pick(r, [`${target}++`, `${target}--`, `++${target}`, `--${target}`])};`;
    else if (c < 0.92) stmt = `arr[${v()} & 7] = ${expr(2)};`;
    else stmt = `if (${expr(2)}) ${target} = ${expr(2)}; else ${target} ^= 0x55;`;
    lines.push(`  ${stmt}`);
    lines.push(`  check = check * 31u + (unsigned)${target};`);
    lines.push(`  printf("%d %u\\n", (int)${target}, check);`);
  }
  lines.push('  for (int i = 0; i < 8; i++) check = check * 7u + (unsigned)arr[i];');
  lines.push('  for (int i = 0; i < 4; i++) check = check * 3u + (unsigned)st[i].c + st[i].s * 5u + (unsigned)st[i].i + st[i].u + st[i].uc + st[i].us;');
  lines.push('  printf("final %u\\n", check);', '  return (int)(check & 0xff);', '}');
  return lines.join('\n') + '\n';
}

// ----------------------------------------------------------------------------
// long long: one function per seed, many functions per program.
//
// The same idea with 64-bit operands: every integer type including long long
// and unsigned long long (whose widths x86-64 gcc shares, so host gcc is the
// reference; `long`, which differs, is never used), 64-bit constants,
// division and modulo by small and by full-width divisors (always positive
// for signed division, so LLONG_MIN / -1 cannot happen), shifts by 0..63
// (left shifts and logical right shifts of unsigned values only, arithmetic
// right shifts of long long), conversions, switch on 64-bit values, and
// long long parameters and results.

const TYPES64 = [...TYPES, 'long long', 'unsigned long long'];
const WIDE = new Set(['long long', 'unsigned long long']);

/** A random 64-bit constant, biased to edges (2^31, 2^32, 2^63) where carries and signs change. */
function const64(r: Rand): string {
  const c = r();
  let v: bigint;
  if (c < 0.3) v = BigInt(Math.floor(r() * 2000) - 1000);
  else if (c < 0.6) {
    const edge = pick(r, [31n, 32n, 63n, 48n, 16n]);
    v = (1n << edge) + BigInt(Math.floor(r() * 5) - 2);
  } else v = (BigInt(Math.floor(r() * 2 ** 32)) << 32n) | BigInt(Math.floor(r() * 2 ** 32));
  v = BigInt.asUintN(64, v);
  if (v <= 0x7fffffffffffffffn && r() < 0.5) return `${v}LL`;
  return `0x${v.toString(16)}ULL`;
}

function int64Function(r: Rand, name: string, steps: number): string[] {
  const vars: { name: string; type: string }[] = [
    { name: 'pa', type: 'long long' }, { name: 'pb', type: 'unsigned long long' }, { name: 'pc', type: 'int' },
  ];
  const lines: string[] = [`static unsigned long long ${name}(long long pa, unsigned long long pb, int pc) {`];
  let k = 0;
  for (const type of TYPES64) {
    for (let i = 0; i < (WIDE.has(type) ? 3 : 1); i++) {
      const v = `v${k++}`;
      vars.push({ name: v, type });
      lines.push(`  ${type} ${v} = ${r() < 0.5 ? const64(r) : String(Math.floor(r() * 2000) - 1000)};`);
    }
  }
  lines.push(
    '  struct W { char c; long long a; unsigned long long b; short s; } st[3] = {{1, -2, 3, 4}, {5, pa, pb, 6}};',
    '  struct W *ps = &st[1];',
    '  unsigned long long check = 0;',
  );
  const members: [string, string][] = [['c', 'char'], ['a', 'long long'], ['b', 'unsigned long long'], ['s', 'short']];
  const lvalue = (): { text: string; type: string } => {
    if (r() < 0.75) {
      const x = pick(r, vars.slice(3));
      return { text: x.name, type: x.type };
    }
    const [m, type] = pick(r, members);
    return { text: pick(r, [`st[0].${m}`, `ps->${m}`, `st[pc & 1].${m}`, `(ps + 1)->${m}`, `ps[-1].${m}`]), type };
  };
  const expr = (depth: number): string => {
    if (depth <= 0 || r() < 0.25) {
      const c = r();
      if (c < 0.5) return pick(r, vars).name;
      if (c < 0.6) return lvalue().text;
      if (c < 0.85) return const64(r);
      return String(Math.floor(r() * 200) - 100);
    }
    const a = expr(depth - 1);
    const b = expr(depth - 1);
    switch (Math.floor(r() * 26)) {
      case 0: return `(${a} + ${b})`;
      case 1: return `(${a} - ${b})`;
      case 2: return `(${a} * ${b})`;
      case 3: return `(${a} / (long long)((${b} & 127) + 1))`;
      case 4: return `(${a} % (long long)((${b} & 127) + 1))`;
      case 5: return `(${a} / (long long)(((unsigned long long)(${b}) >> ${Math.floor(r() * 40) + 1}) | 1))`;
      case 6: return `(${a} % (long long)(((unsigned long long)(${b}) >> ${Math.floor(r() * 40) + 1}) | 1))`;
      case 7: return `((unsigned long long)(${a}) / ((unsigned long long)(${b}) | 1))`;
      case 8: return `((unsigned long long)(${a}) % ((unsigned long long)(${b}) >> ${Math.floor(r() * 64)} | 1))`;
      case 9: return `(${a} & ${b})`;
      case 10: return `(${a} | ${b})`;
      case 11: return `(${a} ^ ${b})`;
      case 12: return `((unsigned long long)(${a}) << (${b} & 63))`;
      case 13: return `((unsigned long long)(${a}) >> (${b} & 63))`;
      case 14: return `((long long)(${a}) >> (${b} & 63))`;
      case 15: return `((unsigned long long)(${a}) ${pick(r, ['<<', '>>'])} ${Math.floor(r() * 64)})`;
      case 16: return `((long long)(${a}) >> ${Math.floor(r() * 64)})`;
      case 17: return `(${a} ${pick(r, ['<', '<=', '>', '>=', '==', '!='])} ${b})`;
      case 18: return `(${a} ${pick(r, ['&&', '||'])} ${b})`;
      case 19: return `(${a} ? ${b} : ${expr(depth - 1)})`;
      case 20: case 21: return `(${pick(r, [...TYPES64, '_Bool'])})(${a})`;
      case 22: return `(-(${a}))`;
      case 23: return `(~(${a}))`;
      case 24: return `(!(${a}))`;
      default: return `mix64(${a}, ${b})`;
    }
  };
  for (let s = 0; s < steps; s++) {
    const t = lvalue();
    const target = t.text;
    const c = r();
    let stmt: string;
    if (c < 0.3) stmt = `${target} = ${expr(3)};`;
    else if (c < 0.5) stmt = `${target} ${pick(r, ['+=', '-=', '*=', '&=', '|=', '^='])} ${expr(2)};`;
    else if (c < 0.6) stmt = `${target} ${pick(r, ['/=', '%='])} (long long)((${expr(2)} & 0x7fffffffffLL) + 1);`;
    else if (c < 0.68) stmt = `${target} ${pick(r, ['<<=', '>>='])} (${expr(1)} & ${WIDE.has(t.type) ? 63 : 7});`;
    else if (c < 0.76) stmt = `${pick(r, [`${target}++`, `${target}--`, `++${target}`, `--${target}`])};`;
    else if (c < 0.86) {
      // Distinct as long long values (0xffffffffULL is 4294967295, not -1).
      const values = ['0', '-1LL', '0x100000000LL', '0xffffffffULL', '-0x100000000LL', '3', '-3LL', '0x300000000LL'];
      const cases = values.filter(() => r() < 0.7).map((x, i) => `case ${x}: ${target} = ${expr(1)} + ${i}; break;`);
      stmt = `switch ((long long)(${expr(2)}) % 4 * ${pick(r, ['0x100000000LL', '1', '-1LL'])}) { ${cases.join(' ')} default: ${target} ^= 0x55; }`;
    } else stmt = `if (${expr(2)}) ${target} = ${expr(2)}; else ${target} ^= 0x5555555555LL;`;
    lines.push(`  ${stmt}`);
    lines.push(`  check = check * 31u + (unsigned long long)${target};`);
  }
  lines.push('  for (int i = 0; i < 3; i++) check = check * 7u + (unsigned long long)st[i].a + st[i].b * 3u + st[i].c + st[i].s;');
  lines.push('  return check;', '}', '');
  return lines;
}

/** A program with one function per generator in `rs`, each printing its 64-bit checksum as two hex halves. */
export function generateInt64Program(rs: Rand[], steps = 8): string {
  const lines = [
    '#include <stdio.h>',
    '',
    'static long long mix64(long long a, unsigned long long b) { return a * 3 - (long long)(b >> 7); }',
    '',
  ];
  const calls: string[] = [];
  rs.forEach((r, i) => {
    lines.push(...int64Function(r, `f${i}`, steps));
    calls.push(`  show(${i}, f${i}(${const64(r)}, ${const64(r)}, ${Math.floor(r() * 2000) - 1000}));`);
  });
  lines.push(
    'static void show(int i, unsigned long long v) { printf("%d %08x%08x\\n", i, (unsigned)(v >> 32), (unsigned)v); }',
    '',
    'int main(void) {',
    ...calls,
    '  return 0;',
    '}',
  );
  return lines.join('\n') + '\n';
}
