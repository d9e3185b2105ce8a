// Lesson 7: the TLB flush a context switch causes, and what PCIDs save.

import type { Lesson } from './schema.js';

const CTX = 'ctxbench -w 16 -n 50';
/** ctxbench's row for two processes touching 16 pages after each switch: its TLB misses per switch. */
const PROCESS_MISSES = '^process\\s+16\\s+\\d+\\s+[\\d.]+\\s+([\\d.]+)$';

const lesson: Lesson = {
  id: 7,
  title: { en: 'The TLB flush and what it costs (TLB 플러시)', ko: 'TLB 플러시와 그 비용' },
  summary: {
    en: 'A CR3 write drops the TLB\'s translations; measure the refill, then boot with PCIDs and see switches keep the TLB.',
    ko: 'CR3 쓰기는 TLB의 변환을 버립니다. 다시 채우는 비용을 재고, PCID를 켜고 부팅해 스위칭이 TLB를 지키는 것을 봅니다.',
  },
  steps: [
    {
      text: {
        en: 'The TLB caches page-table translations. Writing CR3 (step 6 of a switch) drops its non-global entries; the cost comes later, as every page touched is walked again. flushcost measures both a CR3 write and invlpg (one page only), and the refill after each.',
        ko: 'TLB는 페이지 테이블 변환을 캐시합니다. CR3 쓰기(스위칭 6단계)는 전역이 아닌 항목을 버리고, 비용은 나중에 옵니다. 건드리는 페이지마다 테이블을 다시 걸어야 하니까요. flushcost가 CR3 쓰기와 invlpg(한 페이지만)를, 그리고 각각 뒤의 다시 채우기 비용을 잽니다.',
      },
      do: [{ kind: 'type', command: 'flushcost' }],
      look: ['view-terminal', 'view-tlb'],
      until: {
        kind: 'all',
        of: [
          { kind: 'figure', name: 'invlpg', pattern: '^invlpg .* refill (\\d+)\\)' },
          { kind: 'figure', name: 'cr3', pattern: '^CR3 write .* refill (\\d+)\\)', check: { op: '>', than: 'invlpg' } },
        ],
      },
      done: { en: 'Refill after a CR3 write: {cr3} cycles; after one invlpg: {invlpg}.', ko: 'CR3 쓰기 뒤 다시 채우기 {cr3}사이클, invlpg 하나 뒤 {invlpg}사이클.' },
    },
    {
      text: {
        en: 'ctxbench ping-pongs between two processes and between two threads, each touching its own pages after every switch. Do it reboots with PCIDs off (the default) and runs it; note the TLB misses per switch for processes at 16 pages.',
        ko: 'ctxbench는 두 프로세스 사이, 그리고 두 스레드 사이에서 핑퐁을 하며, 스위칭할 때마다 자기 페이지를 건드립니다. 실행을 누르면 PCID를 끈 채(기본값) 다시 부팅하고 실행합니다. 16페이지에서 프로세스의 스위칭당 TLB 미스를 보세요.',
      },
      do: [{ kind: 'boot', hardware: { pcid: false } }, { kind: 'type', command: CTX }],
      look: ['view-terminal', 'view-tlb'],
      until: { kind: 'figure', name: 'off', pattern: PROCESS_MISSES },
      done: { en: 'Without PCIDs: {off} misses per switch between processes.', ko: 'PCID 없이: 프로세스 사이 스위칭당 미스 {off}번.' },
    },
    {
      text: {
        en: 'With PCIDs, each address space tags its TLB entries, so a CR3 write need not drop the other process\'s. Do it reboots with PCIDs on and runs the same measurement.',
        ko: 'PCID를 쓰면 주소 공간마다 TLB 항목에 꼬리표를 달아, CR3를 써도 다른 프로세스의 항목을 버리지 않아도 됩니다. 실행을 누르면 PCID를 켜고 다시 부팅해 같은 측정을 합니다.',
      },
      quiz: {
        question: { en: 'With PCIDs on, the misses per process switch will be…', ko: 'PCID를 켜면 프로세스 스위칭당 미스는…' },
        choices: [{ en: 'fewer', ko: '줄어든다' }, { en: 'the same', ko: '같다' }, { en: 'more', ko: '늘어난다' }],
        answer: 0,
        explain: { en: 'Fewer: the entries of the process switched back to survive the switch away.', ko: '줄어듭니다. 돌아온 프로세스의 항목이 스위칭 동안 살아남기 때문입니다.' },
      },
      do: [{ kind: 'boot', hardware: { pcid: true } }, { kind: 'type', command: CTX }],
      look: ['view-terminal', 'view-tlb'],
      until: { kind: 'figure', name: 'on', pattern: PROCESS_MISSES, check: { op: '<', than: 'off' } },
      done: { en: 'With PCIDs: {on} misses per switch, against {off} without.', ko: 'PCID로: 스위칭당 미스 {on}번, 없을 때 {off}번.' },
    },
    {
      text: {
        en: 'The Lab draws these measurements as curves over many sizes and hardware choices. Do it reboots on the default hardware; then open the Lab from the toolbar when you want to explore.',
        ko: '실험실은 이런 측정을 여러 크기와 하드웨어 선택에 걸친 곡선으로 그립니다. 실행을 누르면 기본 하드웨어로 다시 부팅합니다. 더 살펴보고 싶다면 툴바에서 실험실을 여세요.',
      },
      do: [{ kind: 'boot' }],
      look: ['view-terminal'],
      until: { kind: 'all', of: [{ kind: 'event', name: 'boot' }, { kind: 'prompt' }] },
    },
  ],
};

export default lesson;
