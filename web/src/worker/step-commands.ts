// What each debugger command means on this machine: vm/host/debug/step-commands.ts,
// shared with the terminal debugger.

export { goalMachineOf, planStep, runToGoal } from '../../../vm/host/debug/step-commands.js';
export type { DebugContext, StepPlan } from '../../../vm/host/debug/step-commands.js';
