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

// ----------------------------------------------------------------------------
// float and double

const FLOAT_TYPES = ['double', 'float'];
const INT_TYPES_F = ['int', 'unsigned', 'long long', 'unsigned long long', 'short', 'unsigned char'];

/** A random floating constant: decimal or hex, any magnitude, sometimes a float (f) or an integer. */
function constFloat(r: Rand): string {
  const c = r();
  if (c < 0.15) return String(Math.floor(r() * 200) - 100);
  if (c < 0.25) return pick(r, ['0.0', '-0.0', '1.0', '0.5', '0.1', '3.0', '1e308', '1e-308', '4.9e-324', '2.5', '0x1p-1074', '0x1.fffffffffffffp1023']);
  let mant = String(1 + Math.floor(r() * 9)) + '.';
  for (let i = Math.floor(r() * 17); i > 0; i--) mant += String(Math.floor(r() * 10));
  const exp = Math.floor(r() * 60) - 30;
  if (c < 0.4) return `${mant}e${exp}f`;
  if (c < 0.5) return `0x${Math.floor(r() * 0xfffff).toString(16)}.${Math.floor(r() * 0xffff).toString(16)}p${exp}`;
  return `${mant}e${exp}`;
}

function floatFunction(r: Rand, name: string, steps: number): string[] {
  const vars: { name: string; type: string }[] = [
    { name: 'pa', type: 'double' }, { name: 'pb', type: 'float' }, { name: 'pc', type: 'int' }, { name: 'pd', type: 'long long' },
  ];
  const lines: string[] = [`static void ${name}(double pa, float pb, int pc, long long pd) {`];
  let k = 0;
  for (const type of [...FLOAT_TYPES, ...FLOAT_TYPES, ...INT_TYPES_F]) {
    const v = `v${k++}`;
    vars.push({ name: v, type });
    const init = FLOAT_TYPES.includes(type) ? constFloat(r) : String(Math.floor(r() * 2000) - 1000);
    lines.push(`  ${type} ${v} = ${init};`);
  }
  lines.push(
    '  struct S { char c; double d; float f; int i; } st[2] = {{1, pa, pb, pc}, {2, 0.5, -1.25f, 3}};',
    '  struct S *ps = &st[1];',
    '  double arr[3] = {pa, pb, 1.0 / 3};',
  );
  const floatLvalues = (): { text: string; type: string } => {
    if (r() < 0.7) {
      const x = pick(r, vars.slice(4).filter((v) => FLOAT_TYPES.includes(v.type)));
      return { text: x.name, type: x.type };
    }
    return pick(r, [
      { text: 'st[0].d', type: 'double' }, { text: 'ps->f', type: 'float' }, { text: `st[pc & 1].d`, type: 'double' },
      { text: 'arr[1]', type: 'double' }, { text: `arr[pc & 1]`, type: 'double' }, { text: 'ps[-1].f', type: 'float' },
    ]);
  };
  const expr = (depth: number): string => {
    if (depth <= 0 || r() < 0.2) {
      const c = r();
      if (c < 0.55) return pick(r, vars).name;
      if (c < 0.7) return floatLvalues().text;
      return constFloat(r);
    }
    const a = expr(depth - 1);
    const b = expr(depth - 1);
    switch (Math.floor(r() * 20)) {
      case 0: case 1: return `(${a} + ${b})`;
      case 2: case 3: return `(${a} - ${b})`;
      case 4: case 5: return `(${a} * ${b})`;
      case 6: case 7: return `((double)(${a}) / ${b})`;
      case 8: return `(-(${a}))`;
      case 9: return `(${a} ${pick(r, ['<', '<=', '>', '>=', '==', '!='])} ${b})`;
      case 10: return `(${a} ${pick(r, ['&&', '||'])} ${b})`;
      case 11: return `(${a} ? ${b} : ${expr(depth - 1)})`;
      case 12: return `(!(${a}))`;
      case 13: case 14: return `(${pick(r, ['float', 'double', '_Bool'])})(${a})`;
      case 15: return `toi(${a})`;
      case 16: return `toll(${a})`;
      case 17: return `tou(${a})`;
      case 18: return `mixf(${a}, ${b})`;
      default: return `sqrt(${a})`;
    }
  };
  const intVars = vars.slice(4).filter((v) => !FLOAT_TYPES.includes(v.type));
  for (let s = 0; s < steps; s++) {
    const c = r();
    let target: string;
    let stmt: string;
    if (c < 0.15) {
      // An integer target: conversions out of range are undefined, so they go through toi/toll.
      const v = pick(r, intVars);
      target = v.name;
      stmt = `${target} = ${v.type.includes('long') ? 'toll' : 'toi'}(${expr(3)});`;
    } else {
      target = floatLvalues().text;
      if (c < 0.45) stmt = `${target} = ${expr(3)};`;
      else if (c < 0.7) stmt = `${target} ${pick(r, ['+=', '-=', '*=', '/='])} ${expr(2)};`;
      else if (c < 0.8) stmt = `${pick(r, [`${target}++`, `${target}--`, `++${target}`, `--${target}`])};`;
      else if (c < 0.9) stmt = `if (${expr(2)}) ${target} = ${expr(2)}; else ${target} *= -0.75;`;
      else stmt = `for (int i = 0; i < 3 && ${expr(1)} < 1e300; i++) ${target} += ${expr(1)};`;
    }
    lines.push(`  ${stmt}`);
    lines.push(`  show(${target});`);
  }
  lines.push('  for (int i = 0; i < 2; i++) { show(st[i].d); show(st[i].f); show(arr[i]); }');
  lines.push('  putchar(\'\\n\');', '}', '');
  return lines;
}

/**
 * A program of float/double/int/long long functions, one per generator,
 * printing every assigned value with %.17g (a NaN as "nan": its sign is
 * x86's business, not C's). Floating-to-integer conversions go through
 * range checks (toi, toll, tou), since out-of-range ones are undefined.
 */
export function generateFloatProgram(rs: Rand[], steps = 10): string {
  const lines = [
    '#include <stdio.h>',
    '#include <math.h>',
    '',
    'static void show(double x) { if (x != x) printf("nan "); else printf("%.17g ", x); }',
    'static int toi(double x) { return x > -2e9 && x < 2e9 ? (int)x : -7; }',
    'static long long toll(double x) { return x > -9e18 && x < 9e18 ? (long long)x : -9; }',
    'static unsigned tou(double x) { return x >= 0 && x < 4e9 ? (unsigned)x : 9u; }',
    'static double mixf(double a, float b) { return a * 0.5 - b; }',
    '',
  ];
  const calls: string[] = [];
  rs.forEach((r, i) => {
    lines.push(...floatFunction(r, `f${i}`, steps));
    calls.push(`  f${i}(${constFloat(r)}, ${constFloat(r)}, ${Math.floor(r() * 2000) - 1000}, ${Math.floor(r() * 2e9)}LL);`);
  });
  lines.push('int main(void) {', ...calls, '  return 0;', '}');
  return lines.join('\n') + '\n';
}
