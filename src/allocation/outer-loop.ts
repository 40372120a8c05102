import { isCandidate } from './candidates.js';
import { candidateAssociationStep } from './candidate-association.js';
import { associationProblem, cccpAssociation, milpAssociation, type AssociationProblemOptions, type CccpOptions } from './association.js';
import type { FixedAssociationOptions } from './fixed-association.js';
import { fitSiteMemory } from './split-limits.js';
import type { AllocatorContext, Decision, Snapshot } from './types.js';
import { strongestServer } from './weights.js';

/**
 * The outer loop of the paper's algorithm (Liu and Zhao, MobiHoc 2024,
 * Algorithm 1; docs/model.md, "The complete algorithm"): solve the
 * continuous problem for the current association, re-associate with the
 * split, powers and device frequencies held, and repeat until the objective
 * changes by less than a relative tolerance. Shared by `proposed`,
 * `milp-assoc` and every baseline that keeps the proposed association step.
 */

/** Options every allocator accepts (each uses those that concern it). */
export interface AllocatorOptions extends FixedAssociationOptions {
  /** Stop the outer loop when the objective falls by less than this, relatively (default 1e-4). */
  outerTolerance?: number;
  /** Safety net on outer iterations (default 50). */
  maxOuterIterations?: number;
  /** The linear association problem (capacities). */
  association?: AssociationProblemOptions;
  /** The concave-convex procedure. */
  cccp?: CccpOptions;
  /** `exhaustive`: refuse instances needing more evaluations than this (default 2,000,000). */
  exhaustiveLimit?: number;
  /** `proposed`: beta of the battery weight (src/allocation/battery-weight.ts); absent or 0: the paper's objective. */
  batteryEnergyWeight?: number;
}

/** A solve of the continuous part for one association. */
export interface InnerResult {
  decision: Decision;
  objective: number;
}

export type InnerSolver = (association: readonly number[], warmStart: Decision | undefined) => InnerResult;

/** Chooses a new association given the current decision. */
export type AssociationStep = (snapshot: Snapshot, decision: Decision) => number[];

export interface OuterResult extends InnerResult {
  /** Objective of the initial association, then after each accepted outer iteration. */
  trace: number[];
  /** Association steps run (accepted or not). */
  outerIterations: number;
}

/**
 * The association to start from: the previous decision's when it fits the
 * snapshot (a warm start across epochs), otherwise every user on its
 * strongest-gain server.
 */
export function initialAssociation(snapshot: Snapshot, previous: Decision | undefined): number[] {
  const N = snapshot.users.length;
  const M = snapshot.servers.length;
  if (previous !== undefined && previous.users.length === N && previous.users.every((d, n) => Number.isInteger(d.server) && d.server >= 0 && d.server < M && isCandidate(snapshot, n, d.server))) {
    return previous.users.map((d) => d.server);
  }
  return snapshot.users.map((_, n) => strongestServer(snapshot, n));
}

/**
 * Alternates `inner` and `step`. A new association is kept only when the
 * re-solved objective is lower, so the objective never increases; the loop
 * stops when the association does not change, when a new one is not better,
 * or when the relative improvement falls below the tolerance.
 */
export function alternateWithAssociation(
  snapshot: Snapshot,
  context: AllocatorContext,
  inner: InnerSolver,
  step: AssociationStep,
  options: AllocatorOptions = {},
): OuterResult {
  const tolerance = options.outerTolerance ?? 1e-4;
  const maxOuter = options.maxOuterIterations ?? 50;
  let association = fitSiteMemory(snapshot, initialAssociation(snapshot, context.previous));
  let current = inner(association, options.warmStart ?? context.previous);
  const trace = [current.objective];
  let outerIterations = 0;
  while (outerIterations < maxOuter) {
    const next = fitSiteMemory(snapshot, step(snapshot, current.decision));
    outerIterations++;
    if (next.every((m, n) => m === association[n])) break;
    const candidate = inner(next, current.decision);
    if (!(candidate.objective < current.objective)) break;
    const gain = current.objective - candidate.objective;
    current = candidate;
    association = next;
    trace.push(current.objective);
    if (!(gain > tolerance * Math.abs(current.objective))) break;
  }
  return { ...current, trace, outerIterations };
}

/** The paper's association step: per-pair costs around the decision, then the concave-convex procedure. */
export function cccpStep(context: AllocatorContext, streamName: string, options: AllocatorOptions = {}): AssociationStep {
  const stream = context.streams.stream(streamName);
  return (snapshot, decision) => {
    // At city scale the LP would have a column per (user, server) pair: a best-response pass over the candidates instead.
    if (snapshot.candidates !== undefined) return candidateAssociationStep(snapshot, decision, options.association?.extraUsers);
    const problem = associationProblem(snapshot, decision, options.association);
    return cccpAssociation(problem, decision.users.map((d) => d.server), stream, options.cccp).association;
  };
}

/** The same linear problem solved exactly as a MILP. */
export function milpStep(options: AllocatorOptions = {}): AssociationStep {
  return (snapshot, decision) => milpAssociation(associationProblem(snapshot, decision, options.association)).association;
}
