// The exit statuses of every glassbox command, one table (the README's
// "Exit statuses" lists the same). A guest program's own status passes
// through when it exited (mod 256); the others are fixed and distinct, and
// `--json` gives the exact outcome when a guest's status happens to be one
// of them.

export const EXIT = {
  /** Everything worked (for run: every command was typed and the shell prompted again). */
  ok: 0,
  /** The input did not build, a file could not be read, or (run --fail-on-error) a command failed. */
  failed: 1,
  /** A bad option or argument: one line on stderr. */
  usage: 2,
  /** A bug in Glassbox itself: one line, and the stack with GLASSBOX_DEBUG=1. */
  internal: 70,
  /** The guest-cycle limit (--max-cycles) ran out. */
  cycleLimit: 124,
  /** The machine stopped without exiting: halted, triple-faulted, or waits for input that never comes. */
  stopped: 125,
  /** The kernel panicked (run). */
  panic: 126,
} as const;

/** The fixed statuses a guest's own status can be mistaken for. */
export const RESERVED_STATUSES: ReadonlySet<number> = new Set([EXIT.usage, EXIT.internal, EXIT.cycleLimit, EXIT.stopped, EXIT.panic]);
