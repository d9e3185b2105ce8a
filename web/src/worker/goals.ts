// What "step a line", "step over", "step out" and "run to" mean: the goals
// live in vm/host/debug/goals.ts, shared with the terminal debugger.

export { BreakGoal, LineGoal, StepOutGoal, placeOf } from '../../../vm/host/debug/goals.js';
export type { Decision, Goal, GoalMachine, GoalResult, Place, ProgramLocator } from '../../../vm/host/debug/goals.js';
