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
