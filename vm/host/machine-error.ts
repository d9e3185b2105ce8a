// The error the host throws when it is asked to do something the machine
// cannot: a bad hardware configuration, an ELF that does not load, a write
// outside RAM, a snapshot from a differently configured machine. Guest
// misbehaviour is never a MachineError; it becomes a guest exception or a
// stop reason instead (DESIGN.md, "Guests cannot break the host").

export class MachineError extends Error {}
