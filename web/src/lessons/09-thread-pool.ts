// Lesson 9: a thread pool against a thread per request.

import type { Lesson } from './schema.js';
import poolbench from './programs/poolbench.c?raw';

const lesson: Lesson = {
  id: 9,
  title: { en: 'Thread pool vs a thread per request (스레드 풀)', ko: '스레드 풀과 요청마다 스레드' },
  summary: {
    en: 'Workers started once and reused, against a new thread for every request, measured in cycles.',
    ko: '한 번 만들어 재사용하는 작업자 스레드와, 요청마다 새로 만드는 스레드를 사이클로 비교합니다.',
  },
  programs: [{ name: 'poolbench', source: poolbench }],
  steps: [
    {
      text: {
        en: 'A server with a thread pool (스레드 풀) starts a few worker threads once; each takes the next request from a shared queue, serves it, and comes back for more. threadpool serves 12 requests with 3 workers: three clone events, and the workers take turns.',
        ko: '스레드 풀을 쓰는 서버는 작업자 스레드 몇 개를 한 번만 만듭니다. 각 작업자는 공유 큐에서 다음 요청을 꺼내 처리하고 다시 돌아옵니다. threadpool이 작업자 3개로 요청 12개를 처리합니다. clone 이벤트는 세 번이고, 작업자들이 번갈아 일합니다.',
      },
      do: [{ kind: 'type', command: 'threadpool 12 3' }],
      look: ['view-terminal', 'view-events'],
      until: { kind: 'all', of: [{ kind: 'event', name: 'thread', count: 3 }, { kind: 'output', pattern: 'total: 12 of 12 requests served' }, { kind: 'prompt' }] },
    },
    {
      text: {
        en: 'This lesson ships poolbench: it serves the same 64 small requests twice, once starting a new thread per request, once with a pool of 4. Do it builds it into /bin and runs it.',
        ko: '이 레슨은 poolbench를 가져옵니다. 같은 작은 요청 64개를 두 번 처리합니다. 한 번은 요청마다 새 스레드로, 한 번은 스레드 4개짜리 풀로. 실행을 누르면 /bin에 빌드하고 실행합니다.',
      },
      quiz: {
        question: { en: 'Which serves a request in fewer cycles?', ko: '요청 하나를 더 적은 사이클로 처리하는 쪽은?' },
        choices: [{ en: 'A thread per request', ko: '요청마다 스레드' }, { en: 'The pool', ko: '스레드 풀' }],
        answer: 1,
        explain: {
          en: 'The pool: it pays for 4 thread creations instead of 64 (a kernel stack, a user stack and a join each).',
          ko: '풀입니다. 스레드 생성 비용(커널 스택, 사용자 스택, join)을 64번이 아니라 4번만 치릅니다.',
        },
      },
      do: [{ kind: 'install', program: 'poolbench' }, { kind: 'type', command: 'poolbench' }],
      look: ['view-terminal'],
      until: {
        kind: 'all',
        of: [
          { kind: 'figure', name: 'perrequest', pattern: '^thread per request: \\d+ threads created, (\\d+) cycles per request' },
          { kind: 'figure', name: 'pool', pattern: '^thread pool\\s*: \\d+ threads created, (\\d+) cycles per request', check: { op: '<', than: 'perrequest' } },
        ],
      },
      done: { en: 'A thread per request: {perrequest} cycles each; the pool: {pool}.', ko: '요청마다 스레드: 요청당 {perrequest}사이클, 풀: {pool}사이클.' },
    },
  ],
};

export default lesson;
