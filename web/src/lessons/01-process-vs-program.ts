// Lesson 1: a program is a file, a process is it running: `ls` forks and execs.

import type { Lesson } from './schema.js';

const lesson: Lesson = {
  id: 1,
  title: { en: 'Program and process (프로세스)', ko: '프로그램과 프로세스' },
  summary: {
    en: 'A program is a file in /bin; a process is a running instance of it. Watch the shell fork, the child exec /bin/ls, exit, and be reaped.',
    ko: '프로그램은 /bin에 있는 파일이고, 프로세스는 그 파일이 실행 중인 인스턴스입니다. 셸이 fork하고, 자식이 /bin/ls를 exec하고, 끝나고, 회수되는 과정을 봅니다.',
  },
  steps: [
    {
      text: {
        en: 'A program is only bytes in a file. Do it lists /bin/ls: an executable of some ten thousand bytes, doing nothing while it sits there.',
        ko: '프로그램은 파일 안의 바이트일 뿐입니다. 실행을 누르면 /bin/ls의 정보를 보여 줍니다. 그대로 놓여 있는 동안에는 아무 일도 하지 않는 실행 파일입니다.',
      },
      do: [{ kind: 'type', command: 'ls -l /bin/ls' }],
      look: ['view-terminal'],
      until: { kind: 'all', of: [{ kind: 'figure', name: 'size', pattern: '(\\d+)\\s+\\S+\\s+/bin/ls$', check: { op: '>', than: 0 } }, { kind: 'prompt' }] },
      done: { en: '/bin/ls is {size} bytes on the ramfs.', ko: '/bin/ls는 ramfs에서 {size}바이트입니다.' },
    },
    {
      text: {
        en: 'A process (프로세스) is a program being run: its own address space, registers and an entry in the process table. Do it arms "run to fork" and types `ls`: the shell makes a copy of itself with fork, and the machine stops right there.',
        ko: '프로세스(process)는 실행 중인 프로그램입니다. 자기만의 주소 공간과 레지스터, 프로세스 테이블의 항목을 가집니다. 실행을 누르면 "fork까지 실행"을 걸고 `ls`를 입력합니다. 셸이 fork로 자기 복사본을 만들고, 기계는 바로 그 자리에서 멈춥니다.',
      },
      quiz: {
        question: { en: 'Which process creates the process that runs ls?', ko: 'ls를 실행할 프로세스는 누가 만들까요?' },
        choices: [
          { en: 'The kernel, on its own', ko: '커널이 스스로' },
          { en: 'The shell: it forks a child, and the child runs /bin/ls', ko: '셸: 자식을 fork하고, 그 자식이 /bin/ls를 실행' },
          { en: 'ls starts itself from the file', ko: 'ls가 파일에서 스스로 시작' },
        ],
        answer: 1,
        explain: {
          en: 'The shell. fork creates the child as a copy of the shell (it is still called sh); only exec turns it into ls.',
          ko: '셸입니다. fork는 셸의 복사본으로 자식을 만들고(이름도 아직 sh), exec가 그것을 ls로 바꿉니다.',
        },
      },
      do: [{ kind: 'press', control: 'btn-runto-fork' }, { kind: 'type', command: 'ls' }],
      look: ['view-processes', 'view-events'],
      until: { kind: 'all', of: [{ kind: 'event', name: 'fork' }, { kind: 'stopped' }] },
    },
    {
      text: {
        en: 'The child exists and is still a shell. Run to the next exec: the child replaces its program with /bin/ls — the same process, a new program.',
        ko: '자식이 생겼고 아직은 셸입니다. 다음 exec까지 실행합니다. 자식이 자기 프로그램을 /bin/ls로 바꿉니다. 프로세스는 같고, 프로그램이 새것입니다.',
      },
      do: [{ kind: 'press', control: 'btn-runto-exec' }],
      look: ['view-processes', 'view-events'],
      until: { kind: 'all', of: [{ kind: 'event', name: 'exec', detail: '/bin/ls' }, { kind: 'stopped' }] },
    },
    {
      text: {
        en: 'Let it run: ls prints, exits, and the shell, which was waiting, reaps it. The Event log shows the whole life: fork → exec → exit → reap.',
        ko: '계속 실행합니다. ls가 출력하고 끝나면, 기다리던 셸이 그것을 회수합니다. 이벤트 로그에 일생 전체가 보입니다: fork → exec → exit → reap.',
      },
      do: [{ kind: 'press', control: 'btn-run' }],
      look: ['view-events', 'view-terminal'],
      until: { kind: 'all', of: [{ kind: 'event', name: 'exit' }, { kind: 'event', name: 'reap' }, { kind: 'prompt' }] },
    },
  ],
};

export default lesson;
