// spin: loop forever. The timer preempts it every quantum, so other
// processes (the shell, for one) keep running. Stop it with Ctrl-C or kill.

int main(void) {
  volatile unsigned int n = 0;
  for (;;) n++;
  return 0;
}
