// Lesson 8: threads share memory: a race condition and its mutex; a crash in one thread kills the process.

import type { Lesson } from './schema.js';

const lesson: Lesson = {
  id: 8,
  title: { en: 'Threads share memory (스레드)', ko: '스레드는 메모리를 공유한다' },
  summary: {
    en: 'Threads of one process share Code, Data and Heap and have a stack each: a shared counter races without a mutex, and one thread\'s crash takes the whole process.',
    ko: '한 프로세스의 스레드는 Code, Data, Heap을 공유하고 Stack만 따로 가집니다. 뮤텍스 없는 공유 카운터는 경쟁 상태가 되고, 한 스레드의 충돌이 프로세스 전체를 끝냅니다.',
  },
  steps: [
    {
      text: {
        en: 'spinthreads starts three threads in one process. The Processes view lists one process with three threads; the Address space view shows one address space with three stack pointers, one stack each.',
        ko: 'spinthreads는 한 프로세스 안에서 스레드 셋을 시작합니다. 프로세스 뷰에는 스레드 셋을 가진 프로세스 하나가, 주소 공간 뷰에는 스택 포인터 셋(스택이 하나씩)을 가진 주소 공간 하나가 보입니다.',
      },
      do: [{ kind: 'type', command: 'spinthreads 3 &' }],
      look: ['view-processes'],
      until: { kind: 'process', name: 'spinthreads', threads: 3 },
    },
    {
      text: {
        en: 'Do it selects spinthreads in the Address space view: the Code, Data and Heap regions are one, the stacks are three.',
        ko: '실행을 누르면 주소 공간 뷰에서 spinthreads를 선택합니다. Code, Data, Heap 영역은 하나, 스택은 셋입니다.',
      },
      do: [{ kind: 'select', process: 'spinthreads' }],
      look: ['view-space'],
      until: { kind: 'space', process: 'spinthreads', threadStacks: 3 },
    },
    {
      text: {
        en: 'Shared memory is fast to share and easy to break. Do it reboots (the spinning threads never end) and runs race: two threads add 1 to one global counter a million times each, first without a lock. An increment is load, add, store; a switch between them loses the other thread\'s updates — a race condition (경쟁 상태).',
        ko: '공유 메모리는 나누기 쉽고 깨지기도 쉽습니다. 실행을 누르면 (끝나지 않는 스레드 때문에) 다시 부팅하고 race를 실행합니다. 두 스레드가 전역 카운터 하나에 각각 백만 번 1을 더합니다. 먼저 락 없이. 증가는 읽기, 더하기, 쓰기이고, 그 사이에 스위칭이 끼면 다른 스레드의 갱신이 사라집니다. Race Condition입니다.',
      },
      quiz: {
        question: { en: 'Without a lock, the total will be…', ko: '락이 없으면 합계는…' },
        choices: [{ en: 'exactly 2000000', ko: '정확히 2000000' }, { en: 'less than 2000000', ko: '2000000보다 작다' }, { en: 'more than 2000000', ko: '2000000보다 크다' }],
        answer: 1,
        explain: { en: 'Less: lost updates are never counted twice, only overwritten. With the mutex the total is exact.', ko: '작습니다. 잃은 갱신은 두 번 세어지지 않고 덮어써질 뿐입니다. 뮤텍스가 있으면 정확합니다.' },
      },
      do: [{ kind: 'boot' }, { kind: 'type', command: 'race' }],
      look: ['view-terminal'],
      until: {
        kind: 'all',
        of: [
          { kind: 'figure', name: 'lost', pattern: 'without a lock: .*\\((\\d+) updates lost\\)', check: { op: '>', than: 0 } },
          { kind: 'output', pattern: 'with a mutex\\s*: expected 2000000, got 2000000$' },
        ],
      },
      done: { en: '{lost} updates lost without the lock; none with the mutex.', ko: '락 없이 {lost}번의 갱신을 잃었고, 뮤텍스로는 하나도 잃지 않았습니다.' },
    },
    {
      text: {
        en: 'threadcrash: one thread reads address 0 while the main thread sleeps. The fault is the process\'s, not the thread\'s: all of it dies, main thread included. The shell, a separate process, does not notice.',
        ko: 'threadcrash: 메인 스레드가 자는 동안 한 스레드가 주소 0을 읽습니다. 폴트는 스레드가 아니라 프로세스의 것이라, 메인 스레드까지 전부 죽습니다. 별개의 프로세스인 셸은 아무 영향이 없습니다.',
      },
      quiz: {
        question: { en: 'What dies?', ko: '무엇이 죽을까요?' },
        choices: [{ en: 'Only the faulting thread', ko: '폴트를 낸 스레드만' }, { en: 'The whole process', ko: '프로세스 전체' }, { en: 'The whole machine', ko: '기계 전체' }],
        answer: 1,
        explain: { en: 'The whole process: "the main thread survived?!" is never printed.', ko: '프로세스 전체입니다. "the main thread survived?!"는 출력되지 않습니다.' },
      },
      do: [{ kind: 'type', command: 'threadcrash' }],
      look: ['view-terminal', 'view-events'],
      until: { kind: 'all', of: [{ kind: 'event', name: 'fault' }, { kind: 'output', pattern: 'Segmentation fault' }, { kind: 'prompt' }] },
    },
  ],
};

export default lesson;
