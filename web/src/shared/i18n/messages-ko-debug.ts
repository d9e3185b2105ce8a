// The debugger's notes in Korean: every key of vm/host/debug/notes.ts (the
// English, which the terminal debugger prints), typed by that catalogue's
// keys so a note without a Korean text is a type error. Parameters are the
// machine's notation and stay as they are: symbols, file:line, addresses,
// cycles, `fork`/`exec`/`exit`; words the notes embed are debug.word.*.
// Terms as in messages-ko.ts: 컨텍스트 스위치, 중단점, 시스템 콜, 사이클.

import type { DebugNoteKey } from '../../../../vm/host/debug/notes.js';

export const koDebug: Record<DebugNoteKey, string> = {
  // Forward: steps and goals
  'debug.stepped-instruction': '명령어 하나를 실행함',
  'debug.stepped-instruction-no-line': '명령어 하나를 실행함 (여기에는 소스 줄이 없음)',
  'debug.stepped-over-call': '호출을 건너뜀, 현재 위치 {where}',
  'debug.returned-to': '{where}(으)로 돌아옴',
  'debug.no-caller-frame': '여기에는 돌아갈 호출자 프레임이 없음 (ebp가 이 코드의 것이 아님)',
  'debug.stepping-line': '한 줄 실행 중',
  'debug.stepping-over-line': '한 줄 건너뛰는 중',
  'debug.running-to-caller': '호출한 곳까지 실행 중',
  'debug.line': '{file}:{line}',
  'debug.no-source-line': '소스 줄 없음: {addr}에서 멈춤',

  // Forward: run to the next kernel moment
  'debug.run-to-needs-kernel': '다음까지 실행하려면 커널이 필요함 (베어 프로그램이 아님)',
  'debug.no-ctxsw-1': '커널에 ctxsw_1_interrupt 심볼이 없음',
  'debug.no-ctxsw': '커널에 ctxsw_* 심볼이 없음',
  'debug.no-vector128': '커널에 vector128(int 0x80 진입점)이 없음',
  'debug.no-trace': '커널에 trace() 또는 TR_{code}가 없음',
  'debug.running-to-switch': '다음 컨텍스트 스위치까지 실행 중',
  'debug.running-to-timer': '다음 타이머 인터럽트까지 실행 중',
  'debug.running-to-switch-step': '컨텍스트 스위치의 다음 단계까지 실행 중',
  'debug.running-to-syscall': '다음 시스템 콜까지 실행 중',
  'debug.running-to-event': '다음 {target}까지 실행 중',
  'debug.at-timer': '타이머 인터럽트: 컨텍스트 스위치 1/7단계',
  'debug.at-switch': '컨텍스트 스위치: 1/7단계 타이머 인터럽트',
  'debug.at-switch-step': '컨텍스트 스위치: {step}/7단계',
  'debug.at-syscall-from': '시스템 콜 {name} (eax={n}), pid {pid}에서 호출',
  'debug.at-event': '{target}: {where}에서 멈춤',

  // Back, and through time
  'debug.back.instruction': '명령어 하나 뒤로 돌아감',
  'debug.back.line': '{line}(으)로 되돌아감',
  'debug.back.over': '호출을 건너뛰며 {line}(으)로 되돌아감',
  'debug.back.out': '{addr}의 호출 지점으로 되돌아감',
  'debug.back.breakpoint': '직전에 걸린 중단점으로 되돌아감',
  'debug.back.to': '되돌아감: {what}',
  'debug.back.at-syscall': '시스템 콜 {name} (eax={n})',
  'debug.back.at-event': '{target}: trace() 안, {where}에서 호출됨',
  'debug.back.at-flush': '사이클 {cycle}의 {event}',
  'debug.back.no-breakpoints': '되돌아갈 중단점이 없음',
  'debug.back.no-breakpoint-hit': '되돌아갈 수 있는 가장 이른 사이클({oldest}) 이후로 걸린 중단점이 없음',
  'debug.back.none-since': '되돌아갈 수 있는 가장 이른 사이클({oldest}) 이후로 {what} 없음',
  'debug.back.needs-kernel': '커널 이벤트로 되돌아가려면 커널이 필요함 (베어 프로그램이 아님)',
  'debug.back.at-oldest': '이미 되돌아갈 수 있는 가장 이른 사이클({oldest})에 있음',
  'debug.back.count': '횟수는 1 이상이어야 함',
  'debug.back.no-line-info': '줄 정보가 없음',
  'debug.back.no-earlier-line': '기록된 과거에 이전 줄이 없음',
  'debug.back.line-too-far': '이전 줄은 4 M 사이클보다 더 전에 시작됨; reverse-finish나 reverse-continue를 쓸 것',
  'debug.back.no-frame': '여기에는 프레임이 없음: 복귀 주소 칸 0x{addr}이(가) 매핑되어 있지 않음',
  'debug.back.no-call': '복귀 주소 0x{addr} 앞에 call 명령어가 없음',
  'debug.back.call-too-old': '이 함수로 들어온 호출은 되돌아갈 수 있는 가장 이른 사이클보다 전에 있음',
  'debug.back.diverged': '재실행이 어긋남: 사이클 {to}을(를) 지나 {cycle}까지 실행됨',
  'debug.back.ring-overflow': '명령어 하나가 만든 이벤트가 링 버퍼에 다 들어가지 않음',
  'debug.back.flush-stopped': 'TLB 플러시 없음: 기계가 사이클 {cycle}에서 멈춤',
  'debug.back.no-flush-in': '{cycles} 사이클 동안 TLB 플러시 없음',
  'debug.time.not-a-cycle': "'{cycle}'은(는) 사이클이 아님",
  'debug.time.before-oldest': '사이클 {cycle}은(는) 되돌아갈 수 있는 가장 이른 사이클({oldest})보다 전임',
  'debug.time.at-cycle': '사이클 {cycle}',
  'debug.time.at-cycle-stopped': '사이클 {cycle} (기계가 멈춤: {reason})',

  // Words other notes embed
  'debug.word.switch': '컨텍스트 스위치',
  'debug.word.timer': '타이머 인터럽트',
  'debug.word.switch-step': '컨텍스트 스위치 단계',
  'debug.word.system-call': '시스템 콜',
  'debug.word.tlb-flush': 'TLB 플러시',
  'debug.word.stop.halt': 'hlt로 정지',
  'debug.word.stop.exit': '종료',
  'debug.word.stop.idle': '입력 대기',
  'debug.word.stop.shutdown': '셧다운',
};
