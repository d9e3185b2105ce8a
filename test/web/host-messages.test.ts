// The host's messages in the page's language: the debugger's notes and the
// reasons a program is not installed are catalogue messages, so the
// worker's stop notes and refusals come out in Korean when the page speaks Korean,
// with the machine's notation (symbols, file:line, addresses, cycles)
// untouched, while the English is byte for byte what the terminal prints.
//
// Beside it, a static scan: the host files on those paths say nothing in
// English literals of their own, so a new message cannot bypass the
// catalogue (and so miss its Korean).

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../vm/host/node-files.js';
import { noteText, note } from '../../vm/host/debug/notes.js';
import { translateMessage } from '../../web/src/shared/i18n/i18n.js';
import type { Message } from '../../web/src/shared/i18n/i18n.js';
import { Driver, systemImage } from './helpers.js';
import { checkUpload } from '../../web/src/shared/elf-upload.js';
import { installMessage, installText } from '../../vm/host/install-messages.js';
import { Compiler } from '../../web/src/compiler/compiler.js';
import { assemble } from '../../vm/asm/assembler.js';
import { asmText } from '../../vm/asm/messages.js';
import { diagnosticText } from '../../web/src/shared/diagnostics.js';

const en = (m: Message | undefined): string | undefined => m && translateMessage('en', m);
const ko = (m: Message | undefined): string | undefined => m && translateMessage('ko', m);

describe("the debugger's notes in the page", () => {
  it('say a step, a run to fork and a step back in Korean; the English is the terminal\'s', async () => {
    const d = await new Driver().boot();
    await d.run();
    d.emu.input('spin &\n');   // something to step through (an idle machine does not step)
    await d.run(undefined, 40);
    d.emu.pause();
    d.emu.step('instruction');
    let s = await d.snap();
    expect(en(s.stopNote)).toBe('stepped one instruction');
    expect(ko(s.stopNote)).toBe('명령어 하나를 실행함');

    d.emu.back('instruction');
    s = await d.snap();
    expect(ko(s.stopNote)).toBe('명령어 하나 뒤로 돌아감');

    d.emu.runTo('fork');
    expect(ko((await d.snap()).stopNote)).toBe('다음 fork까지 실행 중');
    d.emu.input('/bin/true\n');
    s = await d.run((x) => x.status === 'paused');
    const where = /^fork: stopped in (fork\+0x[0-9a-f]+ \(kernel\/proc\.c:\d+\))$/.exec(en(s.stopNote)!);
    expect(where).not.toBeNull();
    expect(ko(s.stopNote)).toBe(`fork: ${where![1]}에서 멈춤`);
  }, 120_000);

  it('translate the words a note embeds, and a refusal that leaves the machine where it is', async () => {
    const d = await new Driver().boot();
    await d.run();
    d.emu.goTo(0);
    let s = await d.snap();
    expect(en(s.stopNote)).toBe('at cycle 0');
    expect(ko(s.stopNote)).toBe('사이클 0');
    d.emu.backTo('syscall');
    s = await d.snap();
    expect(s.cpu.cycles).toBe(0);
    expect(en(s.stopNote)).toBe('no system call since the oldest reachable cycle (0)');
    expect(ko(s.stopNote)).toBe('되돌아갈 수 있는 가장 이른 사이클(0) 이후로 시스템 콜 없음');
    d.emu.back('line');
    s = await d.snap();
    expect(ko(s.stopNote)).toBe('이미 되돌아갈 수 있는 가장 이른 사이클(0)에 있음');
  }, 120_000);

  it('render English through the same placeholder filling in the terminal and the page', () => {
    const n = note('debug.back.to', { what: note('debug.at-switch-step', { step: '3' }) });
    expect(noteText(n)).toBe('back: context switch: step 3/7');
    expect(translateMessage('en', n)).toBe(noteText(n));
    expect(translateMessage('ko', n)).toBe('되돌아감: 컨텍스트 스위치: 3/7단계');
    // The type checks a note's parameters against its placeholders (npm run typecheck):
    // @ts-expect-error: 'debug.back.line' has {line}, not {lines}
    expect(noteText(note('debug.back.line', { lines: 'a.c:1' }))).toBe('went back to {line}');
    // @ts-expect-error: 'debug.back.instruction' has no placeholders
    expect(noteText(note('debug.back.instruction', { n: '1' }))).toBe('went back one instruction');
  });
});

describe('why a program is not installed, in the page', () => {
  it('an upload that is not an ELF, and one with a bad name, in Korean', () => {
    const junk = checkUpload('hello.elf', new TextEncoder().encode('#include <stdio.h>\nint main(void) { return 0; }\n'.repeat(4)));
    expect(!junk.ok && translateMessage('en', junk.message)).toBe('hello.elf: not an ELF file (bad magic)');
    expect(!junk.ok && translateMessage('ko', junk.message)).toBe('hello.elf: ELF 파일이 아님 (매직 넘버가 틀림)');
    const ls = systemImage().programs.get('ls')!;
    const named = checkUpload('my prog', ls);
    expect(!named.ok && translateMessage('en', named.message)).toBe(
      'my prog: "my prog" cannot be a program name in /bin (a letter or _, then letters, digits, _ or -, at most 28)');
    expect(!named.ok && translateMessage('ko', named.message)).toBe(
      'my prog: "my prog"은(는) /bin의 프로그램 이름이 될 수 없음 (영문자나 _로 시작하고, 이어서 영문자, 숫자, _, -만, 최대 28자)');
  });

  it("the worker's refusal and the kernel's, in Korean; the CLI's English is installText's", async () => {
    const d = await new Driver().boot();
    await d.run();
    const junk = await d.emu.install('junk', new Uint8Array(64));
    expect(!junk.ok && translateMessage('ko', junk.message)).toBe('프로그램이 아님: junk: ELF 파일이 아님 (매직 넘버가 틀림)');
    const refused = installMessage('install.refused', { path: '/bin/x', why: installMessage('install.errno.ENOSPC'), errno: 'ENOSPC' });
    expect(installText(refused)).toBe("cannot install /bin/x: no space left in the machine's memory for the file; the old file, if there was one, is kept (ENOSPC)");
    expect(translateMessage('en', refused)).toBe(installText(refused));
    expect(translateMessage('ko', refused)).toBe('/bin/x을(를) 설치할 수 없음: 기계의 메모리에 파일을 넣을 공간이 없음; 이전 파일이 있었다면 그대로 남음 (ENOSPC)');
  }, 120_000);
});

describe("the compiler's diagnostics in the Editor", () => {
  const program = '#include <stdio.h>\n\nint main(void) {\n  int x = 1\n  return y;\n}\n';

  it('come out in Korean with file:line:col, the quoted line and the caret kept; the English is the CLI\'s', async () => {
    const c = new Compiler();
    c.loadTexts(systemImage().texts);
    const r = await c.build('bad.c', program);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const d = r.diagnostics[0];
    expect(d.said).toBeDefined();
    expect(translateMessage('en', d.said!)).toBe("expected ',' or ';' after declarator before 'return'");
    expect(translateMessage('en', d.said!)).toBe(d.message);
    const ko = translateMessage('ko', d.said!);
    expect(ko).toBe("'return' 앞에 선언자 뒤의 ',' 또는 ';'이(가) 와야 함");
    expect(diagnosticText(d, ko)).toBe(`bad.c:5:3: ${ko}\n      return y;\n      ^`);
    expect(diagnosticText(d, d.message)).toBe(r.errors[0]);
  });

  it('translate the words a diagnostic embeds (a type error in an initialization)', async () => {
    const c = new Compiler();
    c.loadTexts(systemImage().texts);
    const r = await c.build('init.c', 'struct s { int a; };\nint main(void) {\n  struct s v;\n  int *p = v;\n  return 0;\n}\n');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const d = r.diagnostics[0];
    expect([d.file, d.line]).toEqual(['init.c', 4]);
    expect(translateMessage('en', d.said!)).toBe(d.message);
    expect(translateMessage('ko', d.said!)).not.toMatch(/[A-Za-z]{3,} [a-z]{3,}/);
  });

  it("a link error (an undefined function) in Korean, at the C line that calls it", async () => {
    const c = new Compiler();
    c.loadTexts(systemImage().texts);
    const r = await c.build('link.c', 'int helper(int);\nint main(void) {\n  return helper(1);\n}\n');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const d = r.diagnostics[0];
    expect([d.file, d.line]).toEqual(['link.c', 3]);
    expect(translateMessage('en', d.said!)).toBe(d.message);
    expect(d.message).toBe("undefined symbol 'helper' (first referenced in link.c.s)");
    expect(translateMessage('ko', d.said!)).toBe("정의되지 않은 심볼 'helper' (처음 참조한 곳: link.c.s)");
  });
});

describe("the assembler's diagnostics", () => {
  it('are messages too: the English the CLI prints, and Korean with the mnemonic and the hint kept', () => {
    const r = assemble('_start:\n    mvo eax, 1\n    mov byte [eax], ebx\n', 'bad.s');
    expect(r.errors.map((d) => d.message)).toEqual([
      "unknown mnemonic 'mvo' (did you mean 'mov'?)",
      'size mismatch: byte memory operand with 32-bit register ebx',
    ]);
    for (const d of r.errors) expect(asmText(d.said!)).toBe(d.message);
    expect(r.errors.map((d) => translateMessage('ko', d.said!))).toEqual([
      "알 수 없는 니모닉 'mvo' ('mov'을(를) 쓰려던 것인지?)",
      '크기 불일치: byte 메모리 피연산자와 32비트 레지스터 ebx',
    ]);
  });
});

/** Files whose texts reach the page as host messages: they say them through a catalogue. */
const HOST_MESSAGE_FILES = [
  // the debugger's notes
  'vm/host/debug/goals.ts',
  'vm/host/debug/step-commands.ts',
  'vm/host/debug/reverse-targets.ts',
  'vm/host/timetravel/reverse.ts',
  'web/src/worker/time-travel.ts',
  'web/src/worker/run-loop.ts',
  // why a program is not installed
  'vm/host/user-elf.ts',
  'vm/host/install.ts',
  'vm/asm/elf.ts',
  'vm/asm/lines.ts',
  'web/src/worker/install-run.ts',
  'web/src/shared/elf-upload.ts',
  // the compiler's diagnostics (fail() and ccMessage() take only catalogue keys: the type says so)
  'vm/cc/parse.ts',
  'vm/cc/sema.ts',
  'vm/cc/preprocess.ts',
  'vm/cc/tokenize.ts',
  'vm/cc/diag.ts',
  'vm/cc/compile.ts',
  'vm/cc/build.ts',
  'web/src/compiler/compiler.ts',
  'web/src/shared/build-protocol.ts',
  'web/src/shared/diagnostics.ts',
  // the linker's (a C program's undefined or duplicate symbols) and the assembler's
  'vm/asm/linker.ts',
  'vm/asm/assembler.ts',
  'vm/asm/operands.ts',
  'vm/asm/lexer.ts',
  'vm/asm/expr.ts',
  'vm/asm/nasm-preprocess.ts',
];

/**
 * Literals in those files that are not messages, matched against the whole
 * literal: C the preprocessor defines for every program, and the comment
 * heading the compiler's assembly output.
 */
const NOT_MESSAGES: RegExp[] = [
  /^#define __\w+( [\w ]+)?$/,   // preprocess.ts's predefined macros
  /^#define restrict$/,
  /^; .*: generated by the Glassbox C compiler$/,   // compile.ts: the first line of the .s file
];

/** String and template literals with English words in them (two words of letters), outside imports. */
function englishLiterals(path: string): string[] {
  const src = ts.createSourceFile(path, readFileSync(join(REPO_ROOT, path), 'utf8'), ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (n: ts.Node): void => {
    if (ts.isImportDeclaration(n) || ts.isExportDeclaration(n)) return;
    let text: string | undefined;
    if (ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n)) text = n.text;
    else if (ts.isTemplateExpression(n)) text = [n.head.text, ...n.templateSpans.map((s) => s.literal.text)].join(' ');
    if (text !== undefined && /[A-Za-z]{2,}\s+[A-Za-z]{2,}/.test(text) && !NOT_MESSAGES.some((r) => r.test(text))) {
      found.push(`${path}:${src.getLineAndCharacterOfPosition(n.getStart()).line + 1}: ${JSON.stringify(text)}`);
    }
    ts.forEachChild(n, visit);
  };
  visit(src);
  return found;
}

describe('the host message paths', () => {
  it('hold no English literal of their own: every text is a catalogue key', () => {
    expect(HOST_MESSAGE_FILES.flatMap(englishLiterals)).toEqual([]);
  });

  it('the scan finds an English literal where there is one', () => {
    expect(englishLiterals('vm/host/debug/debugger.ts').some((f) => f.includes('stopped after'))).toBe(true);
  });
});
