// The Korean message catalogue: the same keys as messages-en.ts (the type
// requires every one). The article's own terms are used where it has them
// (타이머 인터럽트, 문맥 교환, 좀비 프로세스, …) so the page and the text it
// teaches speak alike.

import type { MessageKey } from './messages-en.js';

export const ko: Record<MessageKey, string> = {
  'lang.name': '한국어',
  'lang.switch': '언어: 한국어 / English',

  'toolbar.boot-target': '기계가 부팅할 대상',
  'toolbar.kernel': 'Glassbox 커널',
  'toolbar.bare': '베어: {name}',
  'toolbar.reboot': '⟲ 재부팅',
  'toolbar.reboot.title': '기계를 초기화하고 다시 부팅',
  'toolbar.run': '▶ 실행',
  'toolbar.pause': '❚❚ 일시정지',
  'toolbar.step': '한 단계',
  'toolbar.run-to': '다음까지 실행',
  'toolbar.speed': '에뮬레이션 속도',
  'toolbar.lab': '실험실',
  'toolbar.lab.title': 'TLB 실험실: 하드웨어를 고르고, 실험을 돌리고, 그래프로 보기',
  'toolbar.editor': '편집기',
  'toolbar.editor.title': '페이지에서 C를 작성하고 빌드',
  'toolbar.status.waiting': '입력 대기 중',
  'toolbar.perf': '{mips} MIPS · {fps} fps',

  'step.instruction': '명령어',
  'step.line': '줄',
  'step.over': '건너뛰기',
  'step.out': '나가기',
  'runto.switch': '문맥 교환',
  'runto.fork': 'fork',
  'runto.exec': 'exec',
  'runto.exit': 'exit',
  'runto.syscall': '시스템 콜',

  'action.run-pause': '계속 / 일시정지',
  'action.step-instruction': '명령어 하나',
  'action.step-line': '안으로 들어가기: C 한 줄',
  'action.step-over': '건너뛰기: C 한 줄, 호출은 끝까지 실행',
  'action.step-out': '나가기: 호출한 곳까지 실행',
  'action.runto.switch': '다음 문맥 교환까지 실행 (프로세스를 바꾸는 타이머 인터럽트)',
  'action.runto.fork': '다음 fork까지 실행',
  'action.runto.exec': '다음 exec까지 실행',
  'action.runto.exit': '다음 exit까지 실행',
  'action.runto.syscall': '다음 시스템 콜까지 실행',

  'speed.full': '최고 속도',
  'speed.ips': '초당 명령어 {n}개',
  'speed.slow': '초당 명령어 {n}개 (느린 동작)',

  // export
  'export.csv': 'CSV',
  'export.json': 'JSON',
  'export.perfetto': 'Perfetto',
  'export.tlb-entries': '항목 CSV',
  'export.tlb-counters': '카운터 CSV',
  'export.events.csv.title': '필터가 보여 주는 이벤트를 CSV로 내려받기 (사이클, eip, 분류, 이름, pid, 상세, 단계, 텍스트, 값)',
  'export.events.json.title': '필터가 보여 주는 이벤트를 JSON으로 내려받기 (형식 glassbox-events, 버전 1)',
  'export.perfetto.title': '타임라인을 Chrome 트레이스(Trace Event Format JSON)로 내려받기 — ui.perfetto.dev나 chrome://tracing에서 열림: 스레드는 트랙, 시스템 콜과 문맥 교환 단계는 구간, fork/exec/exit는 순간 이벤트',
  'export.tlb-entries.title': '유효한 TLB 항목을 CSV로 내려받기 (인덱스, 세트, 웨이, 주소, PCID, 플래그)',
  'export.tlb-counters.title': 'TLB와 기계 카운터를 CSV로 내려받기 (이름, 값)',
  'export.failed': '내보내기 실패: {error}',
  'export.empty': '아직 내보낼 것이 없음',
};
