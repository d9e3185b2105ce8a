// Lesson 4: process states and ps STAT (R, S, Z).

import type { Lesson } from './schema.js';

const lesson: Lesson = {
  id: 4,
  title: { en: 'Process states and ps STAT (프로세스 상태)', ko: '프로세스의 상태와 ps STAT' },
  summary: {
    en: 'New, Ready, Running, Waiting, Terminated: see them in the Processes view and as ps\'s STAT letters.',
    ko: 'New, Ready, Running, Waiting, Terminated: 프로세스 뷰와 ps의 STAT 글자로 봅니다.',
  },
  steps: [
    {
      text: {
        en: 'ps lists the process table. Its STAT column is one letter: R for a process that runs or is ready to (Running, Ready), S for one that waits (Waiting: the shell waits for ps to finish), Z for a zombie (Terminated).',
        ko: 'ps는 프로세스 테이블을 보여 줍니다. STAT 열은 한 글자입니다. R은 실행 중이거나 곧 실행될 수 있는 프로세스(Running, Ready), S는 기다리는 프로세스(Waiting: 셸은 ps가 끝나기를 기다립니다), Z는 좀비(Terminated)입니다.',
      },
      do: [{ kind: 'type', command: 'ps' }],
      look: ['view-terminal'],
      until: { kind: 'all', of: [{ kind: 'output', pattern: 'PID\\s+PPID\\s+STAT' }, { kind: 'output', pattern: '^\\s+\\d+\\s+1 S .* sh$' }, { kind: 'prompt' }] },
    },
    {
      text: {
        en: 'Start two processes that never wait: `spin` loops forever. With two of them, only one can run at a time; the other is Ready, in the ready queue, until the timer interrupt switches them.',
        ko: '절대 기다리지 않는 프로세스 둘을 시작합니다. `spin`은 영원히 반복합니다. 둘이면 한 번에 하나만 실행되고, 다른 하나는 타이머 인터럽트가 둘을 바꿀 때까지 Ready 큐에서 기다립니다.',
      },
      quiz: {
        question: { en: 'What STAT will ps show for the two spins?', ko: 'ps는 두 spin의 STAT을 무엇으로 보여 줄까요?' },
        choices: [{ en: 'Both R', ko: '둘 다 R' }, { en: 'One R, one S', ko: '하나는 R, 하나는 S' }, { en: 'Both S', ko: '둘 다 S' }],
        answer: 0,
        explain: {
          en: 'Both R: ps shows Running and Ready alike as R. The Processes view tells them apart: one Running, one Ready.',
          ko: '둘 다 R입니다. ps는 Running과 Ready를 똑같이 R로 보여 줍니다. 프로세스 뷰에서는 구별됩니다: 하나는 Running, 하나는 Ready.',
        },
      },
      do: [{ kind: 'type', command: 'spin &' }, { kind: 'type', command: 'spin &' }, { kind: 'type', command: 'ps' }],
      look: ['view-terminal', 'view-processes'],
      until: { kind: 'all', of: [{ kind: 'output', pattern: ' R .* spin\\n(.*\\n)*.* R .* spin' }, { kind: 'prompt' }] },
    },
    {
      text: {
        en: 'Stop the machine to look at one moment: in the Processes view one spin is Running, the other Ready, the shell Waiting for input. The timeline shows them taking turns.',
        ko: '한 순간을 보려고 기계를 멈춥니다. 프로세스 뷰에서 spin 하나는 Running, 다른 하나는 Ready, 셸은 입력을 기다리는 Waiting입니다. 타임라인에는 둘이 번갈아 도는 모습이 보입니다.',
      },
      do: [{ kind: 'press', control: 'btn-pause' }],
      look: ['view-processes', 'view-timeline'],
      until: { kind: 'all', of: [{ kind: 'stopped' }, { kind: 'process', name: 'spin', state: 'ready' }] },
    },
    {
      text: {
        en: 'The spins would run forever. Do it reboots a clean machine for the next lesson.',
        ko: 'spin은 영원히 돕니다. 실행을 누르면 다음 레슨을 위해 깨끗한 기계로 다시 부팅합니다.',
      },
      do: [{ kind: 'boot' }],
      look: ['view-terminal'],
      until: { kind: 'all', of: [{ kind: 'event', name: 'boot' }, { kind: 'prompt' }] },
    },
  ],
};

export default lesson;
