import * as highsPackage from 'highs';
import type { Highs } from 'highs';

/**
 * The LP/MILP solver of the association step: HiGHS, compiled to
 * WebAssembly (the npm package `highs`).
 *
 * Loading the WebAssembly module is asynchronous, while `Allocator.decide`
 * is synchronous. This module therefore loads HiGHS once, with a top-level
 * await, when it is first imported: any program that imports an allocator
 * (through `allocators.ts`) has the solver ready before its first line runs,
 * and no caller has to remember an initialisation call. Solves themselves are
 * synchronous. Loading takes a few tens of milliseconds.
 */
// The package ships CommonJS typings for an ES module entry point; under
// NodeNext the loader is the namespace's `default` either way.
type Loader = () => Promise<Highs>;
const loader = (highsPackage as unknown as { default: Loader | { default: Loader } }).default;
const highs: Highs = await (typeof loader === 'function' ? loader : loader.default)();

/** The loaded HiGHS runtime. */
export function lpSolver(): Highs {
  return highs;
}

/** HiGHS's version, for reports. */
export function lpSolverVersion(): string {
  return highs.version.string;
}
