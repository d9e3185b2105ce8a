// A tiny stack machine interpreter running a bytecode program (loops, calls via a return stack).
#include <stdio.h>

enum op { PUSH, ADD, SUB, MUL, DUP, SWAP, DROP, JZ, JMP, PRINT, CALL, RET, HALT, OVER, LT };

static int code[] = {
  // countdown from 5, printing; then call square(7) and print
  PUSH, 5,
  DUP, PRINT,          // 2: loop
  PUSH, 1, SUB,
  DUP, JZ, 12,
  JMP, 2,
  DROP,                // 12
  PUSH, 7, CALL, 20,
  PRINT,
  HALT, 0,
  DUP, MUL, RET,       // 20: square
};

int main(void) {
  int stack[64], sp = 0, rstack[16], rsp = 0, pc = 0, steps = 0;
  for (;;) {
    steps++;
    int op = code[pc++];
    switch (op) {
      case PUSH: stack[sp++] = code[pc++]; break;
      case ADD: sp--; stack[sp - 1] += stack[sp]; break;
      case SUB: sp--; stack[sp - 1] -= stack[sp]; break;
      case MUL: sp--; stack[sp - 1] *= stack[sp]; break;
      case DUP: stack[sp] = stack[sp - 1]; sp++; break;
      case OVER: stack[sp] = stack[sp - 2]; sp++; break;
      case SWAP: { int t = stack[sp - 1]; stack[sp - 1] = stack[sp - 2]; stack[sp - 2] = t; break; }
      case DROP: sp--; break;
      case LT: sp--; stack[sp - 1] = stack[sp - 1] < stack[sp]; break;
      case JZ: { int target = code[pc++]; if (stack[--sp] == 0) pc = target; break; }
      case JMP: pc = code[pc]; break;
      case PRINT: printf("%d\n", stack[--sp]); break;
      case CALL: rstack[rsp++] = pc + 1; pc = code[pc]; break;
      case RET: pc = rstack[--rsp]; break;
      case HALT: printf("halt after %d steps, sp=%d\n", steps, sp); return steps;
      default: printf("bad op %d\n", op); return 255;
    }
  }
}
