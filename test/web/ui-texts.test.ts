// Every text the page shows goes through the catalogue. A static scan of
// web/src/ui/**/*.ts finds string and template literals that reach a place
// people read — el()'s text/title/placeholder/aria-label, button()'s label
// and tooltip, textContent/title/placeholder assignments, strings appended
// to an element, canvas fillText, the headers of a table built from an
// array — and fails on any with words in it that is not a t() call. The
// allow-list is small and each entry says why it is not a translation.
//
// Beside it: the English words that also live elsewhere (trace.h's step
// titles, the article's state names, the schema's categories) agree with
// their source, and every name the machine sends has a message.

import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { kernelNames } from '../../vm/host/kernel-events.js';
import { STATE_LABELS } from '../../vm/host/event-kinds.js';
import { EVENT_CATEGORIES } from '../../vm/host/event-schema.js';
import { nodeReader, REPO_ROOT } from '../../vm/host/node-files.js';
import { CATALOGUES, translate } from '../../web/src/shared/i18n/i18n.js';
import type { MessageKey } from '../../web/src/shared/i18n/i18n.js';
import { ParamError, commandLine, experimentNamed } from '../../web/src/shared/experiments.js';
import { translateMessage } from '../../web/src/shared/i18n/i18n.js';
import { DEFAULT_HARDWARE, HARDWARE_SETTINGS, describeHardware } from '../../vm/host/hardware.js';
import { PHRASES } from '../../web/src/ui/editor-codemirror.js';
import { hardwareHelpMessage, hardwareText } from '../../web/src/ui/machine-words.js';
import { SHORTCUTS } from '../../web/src/ui/shortcuts.js';

const UI = join(REPO_ROOT, 'web', 'src', 'ui');

/**
 * Literal texts that are not words to translate: the product's name, the
 * machine's own notation (register and flag names, units and the page-table
 * bit letters read the same in every language, as in the article), and the
 * CSV link's name (the file format). Matched against the whole literal.
 */
const ALLOWED: RegExp[] = [
  /^Glassbox$/,            // the product's name (toolbar brand)
  /^CSV$/,                 // a file format's name (the lab's download link)
  /^S?TLB$/,               // the hardware's name, as the article writes it too (the lab plot's size marks)
  /^efl $/,                // eflags, abbreviated as the register column prints it
  / sp \$\{/,              // " sp 7fff…": the stack pointer register beside its value
  /^cr0 .*cr2 .*cr3 /,     // control registers with their values
  /^\/usr\/include…$/,     // a directory's path (the Editor's header list)
];

function uiFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? uiFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []);
}

/** The literal's words: its text without ${…} substitutions. */
function words(node: ts.Node, src: ts.SourceFile): string | undefined {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isTemplateExpression(node)) return [node.head.text, ...node.templateSpans.map((s) => s.literal.text)].join(' ');
  void src;
  return undefined;
}

/** Literals a shown value is made of: through ?:, ??, ||, + and parentheses, not into calls. */
function literalsOf(node: ts.Node): ts.Node[] {
  if (ts.isParenthesizedExpression(node)) return literalsOf(node.expression);
  if (ts.isArrowFunction(node) && !ts.isBlock(node.body)) return literalsOf(node.body);
  if (ts.isConditionalExpression(node)) return [...literalsOf(node.whenTrue), ...literalsOf(node.whenFalse)];
  if (ts.isBinaryExpression(node) && [ts.SyntaxKind.QuestionQuestionToken, ts.SyntaxKind.BarBarToken, ts.SyntaxKind.PlusToken].includes(node.operatorToken.kind)) {
    return [...literalsOf(node.left), ...literalsOf(node.right)];
  }
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateExpression(node)) return [node];
  if (ts.isArrayLiteralExpression(node)) return node.elements.flatMap(literalsOf);
  return [];
}

const TEXT_PROPS = new Set(['text', 'title', 'placeholder', 'aria-label']);
const TEXT_SETTERS = new Set(['textContent', 'title', 'placeholder', 'innerText']);
const APPENDERS = new Set(['append', 'prepend', 'replaceChildren', 'before', 'after', 'fillText', 'appendChild']);
/** The page's own functions that show their argument (a text, or a function making it), by argument index. */
const SHOWERS: Record<string, number[]> = { localize: [1, 2], say: [0], sayHost: [0], banner: [0], crash: [0], overlay: [1], set: [1], setText: [1] };

interface Finding { where: string; text: string }

/** The allow-list entries the scan of web/src/ui needed (each must be needed). */
const allowedUsed = new Set<RegExp>();

/** Shown literals in one file that have words and are not allowed. */
function untranslated(file: string): Finding[] {
  const src = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const found: Finding[] = [];
  const check = (node: ts.Node): void => {
    for (const lit of literalsOf(node)) {
      const text = words(lit, src) ?? '';
      if (!/[A-Za-z]{2}/.test(text.replace(/\$\{[^}]*\}/g, ''))) continue;
      if (Object.hasOwn(CATALOGUES.en, text)) continue; // a catalogue key, translated where it is shown
      const raw = lit.getText(src).slice(1, -1);
      const allowed = ALLOWED.find((re) => re.test(raw) || re.test(text));
      if (allowed) {
        allowedUsed.add(allowed);
        continue;
      }
      const { line, character } = src.getLineAndCharacterOfPosition(lit.getStart(src));
      found.push({ where: `${relative(REPO_ROOT, file)}:${line + 1}:${character + 1}`, text: raw });
    }
  };
  const visit = (node: ts.Node): void => {
    if (ts.isPropertyAssignment(node)) {
      const name = ts.isIdentifier(node.name) || ts.isStringLiteral(node.name) ? node.name.text : '';
      if (TEXT_PROPS.has(name)) check(node.initializer);
    } else if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
      ts.isPropertyAccessExpression(node.left) && TEXT_SETTERS.has(node.left.name.text)) {
      check(node.right);
    } else if (ts.isCallExpression(node)) {
      const callee = node.expression;
      const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : '';
      if (name === 'button') node.arguments.slice(0, 2).forEach(check);
      else if (name === 'el') node.arguments.slice(2).forEach(check);
      else if (Object.hasOwn(SHOWERS, name)) SHOWERS[name].forEach((i) => node.arguments[i] && check(node.arguments[i]));
      else if (APPENDERS.has(name)) node.arguments.forEach((a, i) => (name === 'fillText' ? i === 0 && check(a) : check(a)));
      else if (name === 'setAttribute' && node.arguments.length === 2) {
        const attr = node.arguments[0];
        if (ts.isStringLiteral(attr) && TEXT_PROPS.has(attr.text)) check(node.arguments[1]);
      } else if (name === 'map' && ts.isPropertyAccessExpression(callee) && ts.isArrayLiteralExpression(callee.expression)) {
        // ['PID', 'State', …].map((h) => el('th', { text: h })): the array's strings are shown.
        if (/\btext:/.test(node.arguments[0]?.getText(src) ?? '')) check(callee.expression);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(src);
  return found;
}

describe('the page\'s texts', () => {
  it('are all catalogue messages (a static scan of web/src/ui)', () => {
    const files = uiFiles(UI);
    expect(files.length).toBeGreaterThan(20);
    expect(files.flatMap(untranslated)).toEqual([]);
    expect(ALLOWED.filter((re) => !allowedUsed.has(re)).map(String), 'allow-list entries nothing needs').toEqual([]);
  });

  it('the scan finds what it looks for', () => {
    // A file with each kind of sink, written untranslated: every one is found.
    const dir = join(REPO_ROOT, 'test', 'web', 'fixtures');
    const found = untranslated(join(dir, 'untranslated-view.ts.txt')).map((f) => f.text);
    expect(found).toEqual([
      'Processes', 'click me', 'a tooltip', 'search here', 'no process selected', 'ticks ${n}',
      'waiting', 'running', 'State', 'Name', ' (orphan)', '${n} cycles', 'share link', 'File name', 'cycles ${n}',
    ]);
  });
});

describe('the English words that live elsewhere too', () => {
  const en = CATALOGUES.en as Record<string, string>;

  it('name the switch steps as trace.h does', () => {
    const steps = kernelNames(nodeReader()).events!.steps;
    expect(steps.length).toBe(7);
    for (const s of steps) expect(en[`switch.step.${s.step.n}`], `step ${s.step.n}`).toBe(s.step.title);
    expect(Object.keys(en).filter((k) => /^switch\.step\.\d+$/.test(k)).length).toBe(steps.length);
  });

  it('name the process states as the event log does', () => {
    for (const [state, label] of Object.entries(STATE_LABELS)) expect(en[`state.${state}`], state).toBe(label);
  });

  it('give each hardware setting the help vm/host/hardware.ts gives it', () => {
    for (const setting of HARDWARE_SETTINGS) {
      const m = hardwareHelpMessage(setting);
      expect(m, setting.name).toBeDefined();
      expect(translateMessage('en', m!), setting.name).toBe(setting.help);
      expect(translateMessage('ko', m!), setting.name).not.toMatch(/\{\w+\}/);
    }
  });

  it('describe the hardware in describeHardware()\'s words', () => {
    const configs = [
      { ...DEFAULT_HARDWARE, costs: {} },
      { ...DEFAULT_HARDWARE, tlbEntries: 256, tlbWays: 8, tlbPolicy: 'fifo' as const, stlbEntries: 1536, pcid: true, globalPages: false, costs: { pageWalk: 40 } },
      { ...DEFAULT_HARDWARE, stlbEntries: 512, stlbWays: 4, costs: {} },
    ];
    for (const c of configs) expect(hardwareText(c)).toBe(describeHardware(c));
  });

  it('give CodeMirror its own English phrases back, and every one a Korean one', () => {
    for (const [phrase, key] of PHRASES) {
      expect(en[key], phrase).toBe(phrase);
      expect(translate('ko', key), phrase).not.toBe(phrase);
    }
  });

  it('name every event category and every shortcut', () => {
    for (const c of EVENT_CATEGORIES) expect(en[`events.category.${c}`], c).toBeDefined();
    for (const s of SHORTCUTS) expect(en[s.label], s.action).toBeDefined();
  });

  it('translate the seven steps in the article\'s words', () => {
    const ko = (n: number): string => translate('ko', `switch.step.${n}` as MessageKey);
    expect([1, 2, 3, 4, 5, 6, 7].map(ko)).toEqual([
      '타이머 인터럽트 발생', '현재 프로세스 상태 저장', '현재 프로세스를 Ready 큐에 추가', '스케줄러가 다음 프로세스 선택',
      '선택된 프로세스 상태 복원', '페이지 테이블 교체 → TLB 플러시', '실행 재개',
    ]);
    expect(translate('ko', 'state.zombie')).toBe('종료 (Zombie)');
    expect(translate('ko', 'switch.detail.6.flushed', { cr3: '0x00123000', next: '4', dropped: 1234 })).toBe('cr3 <- 0x00123000 (tid 4): TLB 항목 1,234개 플러시');
  });

  it('say a Lab parameter out of range in either language', () => {
    let err: unknown;
    try {
      commandLine(experimentNamed('tlbbench')!, { '-p': '0' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ParamError);
    expect((err as ParamError).message).toBe("tlbbench -p: '0' is not a whole number from 1 to 16384");
    expect(translateMessage('ko', (err as ParamError).said)).toBe("tlbbench -p: '0'은(는) 1부터 16384까지의 정수가 아님");
  });
});
