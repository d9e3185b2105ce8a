// What floating point costs on the machine (not a test: numbers). Run with:
//
//   npx tsx test/cc/float-cost.ts
//
// Each operation runs 200 times in a loop on the bare machine; the table is
// guest instructions per operation, the empty loop's subtracted. Operands
// are volatile so nothing folds.

import { runC } from './helpers.js';

const OPS: [string, string][] = [
  ['empty loop', ''], ['double +', 'x = x + y;'], ['double *', 'x = x * y;'], ['double /', 'x = x / y;'],
  ['double <', 'n += x < y;'], ['sqrt', 'x = sqrt(x + 2);'], ['int to double', 'x = n;'], ['double to int', 'n = (int)x;'],
  ['float +', 'f = f + g;'], ['exp', 'x = exp(y);'], ['log', 'x = log(y + 1);'], ['pow', 'x = pow(y, 1.7);'],
  ['sin', 'x = sin(y);'], ['snprintf %.17g', 'snprintf(buf, 64, "%.17g", y);'], ['snprintf %f', 'snprintf(buf, 64, "%f", y);'],
  ['strtod (15 digits)', 'x = strtod("3.14159265358979", 0);'],
];

async function main(): Promise<void> {
  let empty = 0;
  console.log('| operation | instructions |');
  console.log('|---|---:|');
  for (const [name, body] of OPS) {
    const src = `#include <stdio.h>
#include <math.h>
#include <stdlib.h>
int main(void) {
  volatile double x = 1.5, y = 0.7351; volatile float f = 1.5f, g = 0.25f; volatile int n = 3; char buf[64]; (void)buf;
  for (int i = 0; i < 200; i++) { ${body} }
  return 0;
}`;
    const r = await runC(src);
    if (!body) empty = r.instret;
    else console.log(`| ${name} | ${Math.round((r.instret - empty) / 200)} |`);
  }
}

await main();
