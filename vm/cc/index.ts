// The C compiler's public surface, in one place.
//
//   compile(path, text, opts)        one translation unit -> assembly text (or errors)
//   buildProgram(opts)               C/.s sources + libc -> linked ELF (bare, kernel or none)
//   compileKernelSource(...)         a kernel C file -> assembly (no libc)
//   parseDebugInfo(sectionBytes)     the .glassbox.debug section -> DebugInfo
//
// Everything here runs in Node and in the browser: files are read only
// through the caller's readFile callback.

export { compile, asmString } from './compile.js';
export type { CompileOptions, CompileResult } from './compile.js';
export {
  buildProgram, buildBareProgram, compileKernelSource, BARE_TEXT_BASE, USER_TEXT_BASE,
} from './build.js';
export type { BuildOptions, BuildResult, BuildSource } from './build.js';
export { libcSourcePaths, LIBC_INCLUDE } from './libc.js';
export type { Runtime } from './libc.js';
export { parseDebugInfo, findStruct, variablesAt, DEBUG_SECTION, DEBUG_VERSION } from './debuginfo.js';
export type {
  DebugInfo, DebugFunction, DebugGlobal, DebugVar, DebugScope, DebugRecord, DebugMember, DebugEnum, DebugTypedef,
} from './debuginfo.js';
