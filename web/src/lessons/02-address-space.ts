// Lesson 2: the address space: pmap, the Address space view, read-only code, .data vs .bss.

import type { Lesson } from './schema.js';
import bigbss from './programs/bigbss.c?raw';
import bigdata from './programs/bigdata.c?raw';

const lesson: Lesson = {
  id: 2,
  title: { en: 'The address space (주소 공간)', ko: '프로세스 주소 공간' },
  summary: {
    en: 'Code, Data (.data, .bss), Heap and Stack in 32 bits; code is read-only; .bss costs nothing in the file.',
    ko: '32비트의 Code, Data(.data, .bss), Heap, Stack 영역. 코드는 읽기 전용이고, .bss는 파일에서 자리를 차지하지 않습니다.',
  },
  programs: [{ name: 'bigdata', source: bigdata }, { name: 'bigbss', source: bigbss }],
  steps: [
    {
      text: {
        en: 'Every process sees its own virtual address space. pmap draws init\'s: the unmapped page 0, code at 0x08048000, data, the heap growing up, the guard page, the stack growing down from 0xC0000000, and the kernel above it.',
        ko: '모든 프로세스는 자기만의 가상 주소 공간을 봅니다. pmap이 init의 주소 공간을 그립니다. 접근할 수 없는 0번 페이지, 0x08048000의 코드, 데이터, 위로 자라는 힙, 가드 페이지, 0xC0000000에서 아래로 자라는 스택, 그 위의 커널.',
      },
      do: [{ kind: 'type', command: 'pmap 1' }],
      look: ['view-terminal'],
      until: { kind: 'all', of: [{ kind: 'output', pattern: '^08048000-\\w+ .* r-x\\s+code' }, { kind: 'output', pattern: '^c0000000-ffffffff' }, { kind: 'prompt' }] },
    },
    {
      text: {
        en: 'The Address space view draws the same map from the page tables themselves. Do it selects the shell: its code pages are present but not writable (no W).',
        ko: '주소 공간 뷰는 같은 지도를 페이지 테이블에서 직접 그립니다. 실행을 누르면 셸을 선택합니다. 코드 페이지는 있지만 쓰기가 안 됩니다(W 없음).',
      },
      do: [{ kind: 'select', process: 'sh' }],
      look: ['view-space'],
      until: { kind: 'space', process: 'sh', region: 'code' },
    },
    {
      text: {
        en: 'The Code area (Code 영역) is read-only. `codewrite` stores into its own main: the MMU refuses, the page fault kills that process alone, and the shell carries on.',
        ko: 'Code 영역은 읽기 전용입니다. `codewrite`는 자기 main에 값을 씁니다. MMU가 거부하고, 페이지 폴트로 그 프로세스만 죽으며, 셸은 그대로 계속됩니다.',
      },
      quiz: {
        question: { en: 'A program writes into its own code. What happens?', ko: '프로그램이 자기 코드에 값을 쓰면?' },
        choices: [
          { en: 'The write works: it is its own memory', ko: '써진다: 자기 메모리니까' },
          { en: 'A fault: the process dies, nothing else does', ko: '폴트: 그 프로세스만 죽고 나머지는 멀쩡' },
          { en: 'The whole machine stops', ko: '기계 전체가 멈춘다' },
        ],
        answer: 1,
        explain: {
          en: 'The page is mapped read-only (and shared by every process running the program), so the store faults and the kernel kills codewrite with SIGSEGV.',
          ko: '그 페이지는 읽기 전용으로(그 프로그램을 실행하는 모든 프로세스가 공유하며) 매핑되어 있어서, 쓰기가 폴트를 내고 커널이 codewrite를 SIGSEGV로 끝냅니다.',
        },
      },
      do: [{ kind: 'type', command: 'codewrite' }],
      look: ['view-terminal', 'view-events'],
      until: { kind: 'all', of: [{ kind: 'event', name: 'fault' }, { kind: 'output', pattern: 'Segmentation fault' }, { kind: 'prompt' }] },
    },
    {
      text: {
        en: 'The Data area holds globals: .data those with an initial value, whose bytes are in the file; .bss those without, of which the file keeps only the size. This lesson ships two programs, each with a 64 KiB global array, one initialized (bigdata), one not (bigbss). Do it builds both into /bin and lists their sizes.',
        ko: 'Data 영역에는 전역 변수가 있습니다. 초기값이 있는 .data는 그 바이트가 파일에 들어 있고, 초기값이 없는 .bss는 파일에 크기만 적혀 있습니다. 이 레슨은 64 KiB 전역 배열을 가진 프로그램 둘을 가져옵니다. 하나는 초기값이 있고(bigdata), 하나는 없습니다(bigbss). 실행을 누르면 둘을 /bin에 빌드하고 크기를 보여 줍니다.',
      },
      do: [{ kind: 'install', program: 'bigdata' }, { kind: 'install', program: 'bigbss' }, { kind: 'type', command: 'ls -l /bin/bigdata /bin/bigbss' }],
      look: ['view-terminal'],
      until: {
        kind: 'all',
        of: [
          { kind: 'figure', name: 'bss', pattern: '(\\d+)\\s+\\S+\\s+/bin/bigbss$' },
          { kind: 'figure', name: 'data', pattern: '(\\d+)\\s+\\S+\\s+/bin/bigdata$', check: { op: '>', than: 'bss' } },
        ],
      },
      done: {
        en: 'bigdata is {data} bytes, bigbss {bss}: the 64 KiB of .data are in the file, the .bss is not.',
        ko: 'bigdata는 {data}바이트, bigbss는 {bss}바이트입니다. .data의 64 KiB는 파일에 들어 있고, .bss는 없습니다.',
      },
    },
    {
      text: {
        en: 'In memory both arrays take the same room: the loader copies .data from the file and fills .bss with zeros. Run bigbss: table[0] is 0, and its pmap shows a data region of 66K, as bigdata\'s would.',
        ko: '메모리에서는 두 배열이 같은 자리를 차지합니다. 로더가 .data는 파일에서 복사하고 .bss는 0으로 채웁니다. bigbss를 실행하면 table[0]이 0이고, pmap에 bigdata와 같은 66K의 data 영역이 보입니다.',
      },
      do: [{ kind: 'type', command: 'bigbss' }],
      look: ['view-terminal'],
      until: { kind: 'all', of: [{ kind: 'output', pattern: 'table\\[0\\] = 0' }, { kind: 'output', pattern: '66K\\s+\\d+K rw-\\s+data' }, { kind: 'prompt' }] },
    },
  ],
};

export default lesson;
