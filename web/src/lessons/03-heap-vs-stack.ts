// Lesson 3: heap vs stack: allocation cost, a leak vs an LRU cache, stack overflow.

import type { Lesson } from './schema.js';

const lesson: Lesson = {
  id: 3,
  title: { en: 'Heap (힙) and stack (스택)', ko: 'Heap과 Stack' },
  summary: {
    en: 'What an allocation costs on each, a heap that leaks beside one with a capped cache, and a stack that overflows into its guard page.',
    ko: '각각에서 할당이 드는 비용, 새는 힙과 크기 제한 캐시의 힙, 가드 페이지까지 넘치는 스택.',
  },
  steps: [
    {
      text: {
        en: 'A local array on the stack is "allocated" by moving esp; malloc must search a free list and free must merge blocks back. allocbench times a thousand 64-byte allocations each way, in guest cycles.',
        ko: '스택의 지역 배열은 esp를 옮기는 것만으로 "할당"됩니다. malloc은 빈 공간 목록을 뒤져야 하고, free는 블록을 다시 합쳐야 합니다. allocbench가 64바이트 할당 천 번을 두 방식으로 게스트 사이클 단위로 잽니다.',
      },
      quiz: {
        question: { en: 'Which is cheaper per allocation?', ko: '할당 한 번이 더 싼 쪽은?' },
        choices: [{ en: 'The heap (malloc + free)', ko: '힙 Heap (malloc + free)' }, { en: 'The stack (a local array)', ko: '스택 Stack (지역 배열)' }, { en: 'They cost the same', ko: '같다' }],
        answer: 1,
        explain: { en: 'The stack: a pointer move against a search through a list.', ko: 'Stack입니다. 포인터 이동 대 목록 탐색입니다.' },
      },
      do: [{ kind: 'type', command: 'allocbench' }],
      look: ['view-terminal'],
      until: {
        kind: 'all',
        of: [
          { kind: 'figure', name: 'heap', pattern: 'heap\\s+\\(malloc \\+ free\\):\\s+(\\d+) cycles' },
          { kind: 'figure', name: 'stack', pattern: 'stack \\(local array\\):\\s+(\\d+) cycles', check: { op: '<', than: 'heap' } },
        ],
      },
      done: { en: 'Heap: {heap} cycles each; stack: {stack}.', ko: 'Heap은 한 번에 {heap}사이클, Stack은 {stack}사이클.' },
    },
    {
      text: {
        en: 'Heap memory lives until it is freed. `leak` is a server whose cache only grows: every response is kept and never freed, so its heap grows with every request — a memory leak (메모리 누수).',
        ko: '힙 메모리는 해제할 때까지 남습니다. `leak`는 캐시가 자라기만 하는 서버입니다. 응답을 모두 보관하고 해제하지 않으니, 요청마다 힙이 커집니다. 메모리 누수(memory leak)입니다.',
      },
      do: [{ kind: 'type', command: 'leak' }],
      look: ['view-terminal'],
      until: { kind: 'figure', name: 'leak', pattern: 'round 2000: heap (\\d+) bytes' },
      done: { en: 'After 2000 requests the heap is {leak} bytes, and still growing.', ko: '요청 2000개 뒤 힙은 {leak}바이트이고, 계속 자랍니다.' },
    },
    {
      text: {
        en: 'The cure is a cache with a limit: `lrucache` keeps at most 32 entries and frees the least recently used one (LRU) to make room. Same requests; watch the heap stay flat.',
        ko: '해결책은 크기 제한이 있는 캐시입니다. `lrucache`는 항목을 32개까지만 두고, 가장 오래 쓰이지 않은 것(LRU)을 해제해 자리를 만듭니다. 같은 요청에서 힙이 평평하게 유지되는 것을 보세요.',
      },
      do: [{ kind: 'type', command: 'lrucache' }],
      look: ['view-terminal'],
      until: { kind: 'figure', name: 'lru', pattern: 'round 2000: heap (\\d+) bytes', check: { op: '<', than: 'leak' } },
      done: { en: 'LRU cache: {lru} bytes against {leak} for the leak.', ko: 'LRU 캐시는 {lru}바이트, 누수는 {leak}바이트.' },
    },
    {
      text: {
        en: 'The stack is small and limited (1 MiB here). `overflow` recurses with 256-byte frames until the stack reaches its limit; the page below it is a guard page, never mapped, so the next call faults there: a stack overflow.',
        ko: '스택은 작고 크기가 정해져 있습니다(여기서는 1 MiB). `overflow`는 256바이트 프레임으로 재귀하다가 한계에 닿습니다. 그 아래 페이지는 매핑되지 않는 가드 페이지라서, 다음 호출이 거기서 폴트를 냅니다. Stack Overflow입니다.',
      },
      do: [{ kind: 'type', command: 'overflow' }],
      look: ['view-terminal', 'view-events'],
      until: { kind: 'all', of: [{ kind: 'output', pattern: 'stack overflow: the stack reached its \\d+ KiB limit' }, { kind: 'event', name: 'fault' }, { kind: 'prompt' }] },
    },
  ],
};

export default lesson;
