// Lesson 10: multiprocessing vs multithreading, measured side by side.

import type { Lesson } from './schema.js';
import spawnbench from './programs/spawnbench.c?raw';

const lesson: Lesson = {
  id: 10,
  title: { en: 'Multiprocessing vs multithreading (멀티프로세싱 vs 멀티스레딩)', ko: '멀티프로세싱과 멀티스레딩' },
  summary: {
    en: 'What a new process and a new thread cost, what a switch between each costs, and what a crash in each takes down.',
    ko: '새 프로세스와 새 스레드의 비용, 각각 사이 스위칭의 비용, 각각의 충돌이 무엇을 무너뜨리는지.',
  },
  programs: [{ name: 'spawnbench', source: spawnbench }],
  steps: [
    {
      text: {
        en: 'A new process gets its own address space (page tables copied, copy-on-write), a new thread only a stack in the same one. spawnbench, shipped with this lesson, times 20 of each.',
        ko: '새 프로세스는 자기 주소 공간(복사된 페이지 테이블, copy-on-write)을, 새 스레드는 같은 공간 안의 스택 하나만 받습니다. 이 레슨이 가져오는 spawnbench가 각각 20번을 잽니다.',
      },
      quiz: {
        question: { en: 'Which is cheaper to start?', ko: '시작 비용이 더 싼 쪽은?' },
        choices: [{ en: 'A process (fork)', ko: '프로세스 (fork)' }, { en: 'A thread (pthread_create)', ko: '스레드 (pthread_create)' }],
        answer: 1,
        explain: { en: 'The thread: nothing of the address space is copied.', ko: '스레드입니다. 주소 공간을 하나도 복사하지 않습니다.' },
      },
      do: [{ kind: 'install', program: 'spawnbench' }, { kind: 'type', command: 'spawnbench' }],
      look: ['view-terminal'],
      until: {
        kind: 'all',
        of: [
          { kind: 'figure', name: 'process', pattern: '^process \\(fork \\+ exit \\+ wait\\)\\s*: (\\d+) cycles each' },
          { kind: 'figure', name: 'thread', pattern: '^thread \\(create \\+ exit \\+ join\\)\\s*: (\\d+) cycles each', check: { op: '<', than: 'process' } },
        ],
      },
      done: { en: 'A process: {process} cycles to start and end; a thread: {thread}.', ko: '프로세스는 시작과 끝에 {process}사이클, 스레드는 {thread}사이클.' },
    },
    {
      text: {
        en: 'Switching costs differ too: between processes every switch writes CR3, between threads of one process none does. ctxbench measures the round trip of each.',
        ko: '스위칭 비용도 다릅니다. 프로세스 사이에서는 스위칭마다 CR3를 쓰고, 한 프로세스의 스레드 사이에서는 쓰지 않습니다. ctxbench가 각각의 왕복을 잽니다.',
      },
      do: [{ kind: 'type', command: 'ctxbench -w 16 -n 50' }],
      look: ['view-terminal', 'view-tlb'],
      until: {
        kind: 'all',
        of: [
          { kind: 'figure', name: 'procswitch', pattern: '^process\\s+16\\s+(\\d+)' },
          { kind: 'figure', name: 'threadswitch', pattern: '^thread\\s+16\\s+(\\d+)', check: { op: '<', than: 'procswitch' } },
        ],
      },
      done: { en: 'A round trip between processes: {procswitch} cycles; between threads: {threadswitch}.', ko: '프로세스 사이 왕복 {procswitch}사이클, 스레드 사이 {threadswitch}사이클.' },
    },
    {
      text: {
        en: 'The price of sharing: a crash in one process touches no other (segfault dies alone, the shell goes on), while lesson 8\'s threadcrash took its whole process down. Isolation against cheapness: that is the choice.',
        ko: '공유의 대가: 한 프로세스의 충돌은 다른 프로세스를 건드리지 않습니다(segfault만 죽고 셸은 계속됩니다). 반면 8강의 threadcrash는 프로세스 전체를 무너뜨렸습니다. 격리냐 저렴함이냐, 그것이 선택입니다.',
      },
      do: [{ kind: 'type', command: 'segfault' }],
      look: ['view-terminal', 'view-events'],
      until: { kind: 'all', of: [{ kind: 'event', name: 'fault' }, { kind: 'output', pattern: 'Segmentation fault' }, { kind: 'prompt' }] },
    },
  ],
};

export default lesson;
