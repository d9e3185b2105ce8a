// Lesson 6: the context switch in seven steps, stopped at a timer interrupt and stepped.

import type { Lesson } from './schema.js';

const lesson: Lesson = {
  id: 6,
  title: { en: 'The context switch in seven steps (컨텍스트 스위칭)', ko: '컨텍스트 스위칭의 7단계' },
  summary: {
    en: 'Stop the machine at a timer interrupt that switches processes and walk the kernel through the seven steps, one at a time.',
    ko: '프로세스를 바꾸는 타이머 인터럽트에서 기계를 멈추고, 커널이 일곱 단계를 하나씩 밟아 가는 것을 따라갑니다.',
  },
  steps: [
    {
      text: {
        en: 'A context switch needs two things that want the CPU. Do it starts two spin processes in the background; they loop forever, and the timer interrupt takes the CPU from one to give it to the other.',
        ko: '컨텍스트 스위칭에는 CPU를 원하는 둘이 필요합니다. 실행을 누르면 spin 프로세스 둘을 백그라운드에서 시작합니다. 둘은 영원히 돌고, 타이머 인터럽트가 한쪽에서 CPU를 빼앗아 다른 쪽에 줍니다.',
      },
      do: [{ kind: 'type', command: 'spin &' }, { kind: 'type', command: 'spin &' }],
      look: ['view-terminal', 'view-processes'],
      until: { kind: 'all', of: [{ kind: 'event', name: 'exec', detail: '/bin/spin', count: 2 }, { kind: 'prompt' }] },
    },
    {
      text: {
        en: 'Step 1: the timer interrupt (타이머 인터럽트). Do it runs to the next timer interrupt that will switch processes: the CPU jumps into the kernel, and the Context switch view lights step 1.',
        ko: '1단계: 타이머 인터럽트. 실행을 누르면 프로세스를 바꿀 다음 타이머 인터럽트까지 실행합니다. CPU가 커널로 들어가고, 컨텍스트 스위칭 뷰에 1단계가 켜집니다.',
      },
      quiz: {
        question: { en: 'Who decides that the running spin must stop?', ko: '실행 중인 spin을 멈춰야 한다고 누가 정할까요?' },
        choices: [
          { en: 'spin itself, by calling the kernel', ko: 'spin 스스로, 커널을 호출해서' },
          { en: 'The timer: its interrupt enters the kernel whatever spin is doing', ko: '타이머: spin이 무엇을 하든 인터럽트가 커널로 들어감' },
          { en: 'The other spin', ko: '다른 spin' },
        ],
        answer: 1,
        explain: {
          en: 'The timer. spin never calls the kernel; the interrupt preempts it when its quantum is used up.',
          ko: '타이머입니다. spin은 커널을 부르지 않습니다. 퀀텀을 다 쓰면 인터럽트가 선점합니다.',
        },
      },
      do: [{ kind: 'press', control: 'btn-runto-switch' }],
      look: ['view-switch', 'view-cpu'],
      until: { kind: 'switch', step: 1 },
    },
    {
      text: {
        en: "Step 2 of the switch: save the current state. The interrupted thread's registers (eip, esp, eax …) are in its trap frame on its kernel stack, so it can later go on as if nothing happened.",
        ko: '문맥 교환의 2단계: 현재 상태 저장. 중단된 스레드의 레지스터(eip, esp, eax …)가 커널 스택의 트랩 프레임에 저장되어, 나중에 아무 일 없었던 듯 이어 갈 수 있습니다.',
      },
      do: [{ kind: 'press', control: 'btn-next-step' }],
      look: ['view-switch', 'view-cpu'],
      until: { kind: 'switch', step: 2 },
    },
    {
      text: {
        en: 'Step 3: the current thread goes to the back of the ready queue (Ready 큐). It is not waiting for anything; it only had its turn.',
        ko: '3단계: 현재 스레드가 Ready 큐의 맨 뒤로 갑니다. 무언가를 기다리는 것이 아니라, 자기 차례를 다 썼을 뿐입니다.',
      },
      do: [{ kind: 'press', control: 'btn-next-step' }],
      look: ['view-switch', 'view-processes'],
      until: { kind: 'switch', step: 3 },
    },
    {
      text: {
        en: 'Step 4: the scheduler picks the next thread, the one at the front of the ready queue.',
        ko: '4단계: 스케줄러가 Ready 큐의 맨 앞에 있는 다음 스레드를 고릅니다.',
      },
      do: [{ kind: 'press', control: 'btn-next-step' }],
      look: ['view-switch', 'view-processes'],
      until: { kind: 'switch', step: 4 },
    },
    {
      text: {
        en: "Step 5: restore the chosen thread's state: the kernel switches to its kernel stack, where its saved registers wait.",
        ko: '5단계: 고른 스레드의 상태를 복원합니다. 커널이 그 스레드의 커널 스택으로 옮겨 가고, 거기에 저장된 레지스터가 있습니다.',
      },
      do: [{ kind: 'press', control: 'btn-next-step' }],
      look: ['view-switch', 'view-cpu'],
      until: { kind: 'switch', step: 5 },
    },
    {
      text: {
        en: "Step 6: switch the page table (페이지 테이블 교체): the two spins are different processes, so CR3 is written with the other one's page directory, and the TLB loses its non-global entries (TLB 플러시). Look at the TLB view.",
        ko: '6단계: 페이지 테이블 교체. 두 spin은 서로 다른 프로세스이므로 CR3에 다른 쪽 페이지 디렉터리가 쓰이고, TLB는 전역이 아닌 항목을 잃습니다(TLB flush). TLB 뷰를 보세요.',
      },
      do: [{ kind: 'press', control: 'btn-next-step' }],
      look: ['view-switch', 'view-tlb'],
      until: { kind: 'switch', step: 6 },
    },
    {
      text: {
        en: 'Step 7: resume execution. iret pops the restored trap frame and the other spin runs on, in user mode, where it was stopped a quantum ago.',
        ko: '7단계: 실행 재개. iret가 복원된 트랩 프레임을 꺼내고, 다른 spin이 한 퀀텀 전에 멈췄던 곳에서 사용자 모드로 계속 실행됩니다.',
      },
      do: [{ kind: 'press', control: 'btn-next-step' }],
      look: ['view-switch', 'view-code'],
      until: { kind: 'switch', step: 7 },
    },
    {
      text: {
        en: 'That was one context switch: seven steps of real kernel code, and a TLB flush. The spins would run forever; Do it reboots a clean machine.',
        ko: '이것이 컨텍스트 스위칭 한 번입니다. 실제 커널 코드의 일곱 단계와 TLB 플러시. spin은 영원히 돌기 때문에, 실행을 누르면 깨끗한 기계로 다시 부팅합니다.',
      },
      do: [{ kind: 'boot' }],
      look: ['view-terminal'],
      until: { kind: 'all', of: [{ kind: 'event', name: 'boot' }, { kind: 'prompt' }] },
    },
  ],
};

export default lesson;
