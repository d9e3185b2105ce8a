// Lesson 5: zombie and orphan processes, watched in the process table.

import type { Lesson } from './schema.js';

const lesson: Lesson = {
  id: 5,
  title: { en: 'Zombies (좀비 프로세스) and orphans (고아 프로세스)', ko: '좀비 프로세스와 고아 프로세스' },
  summary: {
    en: 'A child that has exited stays in the process table until its parent waits for it; a child whose parent exits first is adopted by init.',
    ko: '종료된 자식은 부모가 기다려 줄 때까지 프로세스 테이블에 남고, 부모가 먼저 끝난 자식은 init이 입양합니다.',
  },
  steps: [
    {
      text: {
        en: 'When a process exits, the kernel frees its memory at once but keeps its entry in the process table, with the exit status, until the parent asks for it with wait. Until then it is a zombie process (좀비 프로세스). The program `zombie` forks a child that exits at once with status 7, runs ps while the child is unwaited, then waits. Do it arms "run to exec" and types `zombie`: the machine stops when the shell\'s child starts /bin/zombie.',
        ko: '프로세스가 끝나면 커널은 메모리를 곧바로 돌려받지만, 부모가 wait로 종료 상태를 가져갈 때까지 프로세스 테이블의 항목(PCB)은 종료 상태와 함께 남겨 둡니다. 그동안 이 프로세스를 좀비 프로세스(zombie)라고 부릅니다. `zombie` 프로그램은 곧바로 상태 7로 끝나는 자식을 fork하고, 자식을 기다리기 전에 ps를 실행한 뒤, 그제야 wait합니다. 실행을 누르면 "exec까지 실행"을 걸어 두고 `zombie`를 입력합니다. 셸의 자식이 /bin/zombie를 시작하는 순간 기계가 멈춥니다.',
      },
      quiz: {
        question: {
          en: 'The child has exited, the parent has not waited yet. What STAT will ps show for the child?',
          ko: '자식은 이미 끝났고 부모는 아직 기다리지 않았습니다. ps는 자식의 STAT을 무엇으로 보여 줄까요?',
        },
        choices: [
          { en: 'R: it still runs', ko: 'R: 아직 실행 중' },
          { en: 'S: it sleeps', ko: 'S: 잠들어 있음' },
          { en: 'Z: a zombie, exited but not yet collected', ko: 'Z: 좀비, 끝났지만 아직 회수되지 않음' },
          { en: 'Nothing: it is gone from the table', ko: '아무것도 없음: 테이블에서 사라짐' },
        ],
        answer: 2,
        explain: {
          en: 'Z. The entry stays so the parent can still read the exit status (7); it holds no memory any more (MEM 0K, THR 0).',
          ko: 'Z입니다. 부모가 종료 상태(7)를 읽을 수 있도록 항목이 남아 있을 뿐, 메모리는 이미 없습니다(MEM 0K, THR 0).',
        },
      },
      do: [{ kind: 'press', control: 'btn-runto-exec' }, { kind: 'type', command: 'zombie' }],
      look: ['view-terminal', 'view-events'],
      until: { kind: 'all', of: [{ kind: 'event', name: 'exec', detail: '/bin/zombie' }, { kind: 'stopped' }] },
    },
    {
      text: {
        en: 'The machine stopped at the exec of /bin/zombie. Now let it run to the next exec: by then the parent has forked its child, the child has exited (status 7), and the parent is starting ps. Look at the Processes view: the child is there, in state Terminated (Zombie), STAT Z.',
        ko: '기계가 /bin/zombie의 exec에서 멈췄습니다. 이제 다음 exec까지 실행합니다. 그때쯤이면 부모는 자식을 fork했고, 자식은 상태 7로 끝났으며, 부모는 ps를 시작하는 중입니다. 프로세스 뷰를 보세요. 자식이 Terminated (Zombie) 상태, STAT Z로 남아 있습니다.',
      },
      do: [{ kind: 'press', control: 'btn-runto-exec' }],
      look: ['view-processes'],
      until: { kind: 'all', of: [{ kind: 'stopped' }, { kind: 'process', name: 'zombie', stat: 'Z', state: 'zombie' }] },
      done: {
        en: 'There it is: a zombie. It has no threads and no memory, only its pid and exit status.',
        ko: '좀비가 보입니다. 스레드도 메모리도 없이 pid와 종료 상태만 남아 있습니다.',
      },
    },
    {
      text: {
        en: 'Let the machine run on. ps prints the table with the zombie marked <defunct>; then the parent calls waitpid, the kernel hands it the status and removes the entry: the reap event in the Event log. Watch the zombie disappear from the Processes view.',
        ko: '기계를 계속 실행합니다. ps가 좀비를 <defunct>로 표시한 표를 출력하고, 부모가 waitpid를 호출하면 커널은 종료 상태를 넘겨주고 항목을 지웁니다. 이벤트 로그의 reap 이벤트가 그 순간입니다. 프로세스 뷰에서 좀비가 사라지는 것을 보세요.',
      },
      do: [{ kind: 'press', control: 'btn-run' }],
      look: ['view-processes', 'view-events'],
      until: {
        kind: 'all',
        of: [
          { kind: 'event', name: 'reap' },
          { kind: 'output', pattern: 'reaped child \\d+, exit status 7' },
          { kind: 'prompt' },
          { kind: 'process', stat: 'Z', absent: true },
        ],
      },
      done: {
        en: 'The parent collected exit status 7 and the zombie is gone. A parent that never waits would leave zombies behind for as long as it lives.',
        ko: '부모가 종료 상태 7을 회수했고 좀비는 사라졌습니다. 끝까지 기다리지 않는 부모는 살아 있는 동안 좀비를 계속 남깁니다.',
      },
    },
    {
      text: {
        en: 'The opposite case: the parent exits first. Its child becomes an orphan process (고아 프로세스). The kernel gives every orphan a new parent, init (pid 1), which waits for any child, so an orphan never stays a zombie. The program `orphan` has its parent exit at once; the child waits until its parent id changes.',
        ko: '반대 경우입니다. 부모가 먼저 끝나면 자식은 고아 프로세스(orphan)가 됩니다. 커널은 모든 고아에게 새 부모로 init(pid 1)을 정해 주고, init은 어떤 자식이든 기다려 주므로 고아는 좀비로 남지 않습니다. `orphan` 프로그램은 부모가 곧바로 끝나고, 자식은 자기 부모 번호가 바뀔 때까지 기다립니다.',
      },
      quiz: {
        question: { en: 'Who is the child\'s parent after its parent exits?', ko: '부모가 끝난 뒤 자식의 부모는 누구일까요?' },
        choices: [
          { en: 'The shell, its grandparent', ko: '할아버지인 셸' },
          { en: 'init, pid 1', ko: 'pid 1인 init' },
          { en: 'Nobody: ppid 0', ko: '없음: ppid 0' },
        ],
        answer: 1,
        explain: {
          en: 'init. The reparent event shows the adoption, and the reap event with parent 1 shows init collecting the orphan when it exits.',
          ko: 'init입니다. reparent 이벤트가 입양을, 부모가 1인 reap 이벤트가 고아가 끝났을 때 init이 회수하는 것을 보여 줍니다.',
        },
      },
      do: [{ kind: 'type', command: 'orphan' }],
      look: ['view-terminal', 'view-events'],
      until: {
        kind: 'all',
        of: [
          { kind: 'event', name: 'reparent', values: { init: 1 } },
          { kind: 'output', pattern: 'my parent is now 1 \\(init\\)' },
          { kind: 'event', name: 'reap', values: { parent: 1 } },
        ],
      },
      done: {
        en: 'The orphan was adopted by init and, when it exited, reaped by init: no zombie is left.',
        ko: '고아는 init에게 입양되었고, 끝났을 때 init이 회수했습니다. 좀비는 남지 않습니다.',
      },
    },
  ],
};

export default lesson;
