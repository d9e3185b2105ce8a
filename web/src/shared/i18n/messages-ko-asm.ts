// The linker's diagnostics in Korean: every key of vm/asm/messages.ts (the
// English the CLI prints), typed by that catalogue's keys so a diagnostic
// without Korean is a type error. Symbols, sections, files and numbers stay
// as they are.

import type { AsmMessageKey } from '../../../../vm/asm/messages.js';

export const koAsm: Record<AsmMessageKey, string> = {
  'asm.link.internal': '링커 내부 오류: {error}',
  'asm.link.text-base': '텍스트 시작 주소 {base}이(가) 페이지에 정렬된 32비트 주소가 아님',
  'asm.link.phys-offset': '물리 오프셋 {offset}이(가) 32비트 값이 아님',
  'asm.link.linker-symbol': "'{name}'은(는) 링커가 정의하므로 전역으로 정의할 수 없음",
  'asm.link.duplicate': "전역 심볼 '{name}'이(가) 중복됨 (처음 정의된 곳: {where})",
  'asm.link.too-large': '프로그램이 4 GiB 아래에 들어가지 않음 (섹션 {section}이(가) 0x{end}에서 끝남)',
  'asm.link.relocation-outside': '{section}의 오프셋 {offset}에 있는 재배치가 섹션 밖에 있음',
  'asm.link.undefined': "정의되지 않은 심볼 '{name}' (처음 참조한 곳: {source})",
  'asm.link.overflow': '재배치 오버플로: 0x{value}이(가) 32비트에 들어가지 않음',
  'asm.link.branch-overflow': '재배치 오버플로: 분기 대상 0x{value}이(가) 32비트 주소가 아님',
  'asm.link.entry-not-global': "진입 심볼 '{name}'이(가) 여러 파일에 정의되어 있지만 전역이 아님",
  'asm.link.entry-undefined': "진입 심볼 '{name}'이(가) 정의되지 않음",
  'asm.what.section': '섹션 {name}',
  'asm.what.absolute': '절대 주소',
};
