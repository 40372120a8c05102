/** EdgeServer with each policy against closed forms: times, energies, conservation. */
import { describe, expect, it } from 'vitest';
import { Simulator } from '../../src/engine/simulator.js';
import { EdgeServer, type CompletedEdgeJob } from '../../src/system/edge-server.js';
import { createEdgeScheduler, edgeSchedulerNames, type EdgeSchedulerName } from '../../src/system/schedulers/registry.js';
import type { EdgeGpu } from '../../src/system/schedulers/types.js';
import { drive, poissonWorkload, unitGpu } from './drive.js';

/** An A100-like GPU: 4096 cores, 2 FLOPs per cycle, 2 GHz. */
const gpu: EdgeGpu = { cores: 4096, flopsPerCycle: 2, maxFreqHz: 2e9, kappa: 1e-28 };
const CD = gpu.cores * gpu.flopsPerCycle;
/** About 31 layers of LLaMA-7B-like work at d = 768 tokens, B = 512, h = 1024 (FLOPs). */
const WORK = 31 * (72 * 512 * 768 * 1024 ** 2 + 12 * 512 * 768 ** 2 * 1024);

const rel = (a: number, b: number): number => Math.abs(a - b) / Math.abs(b);

function collect(sim: Simulator, server: EdgeServer) {
  const done = new Map<number, CompletedEdgeJob>();
  const submitAt = (t: number, id: number, user: number, workFlops: number, shareHz: number): void => {
    sim.scheduleAt(t, () => server.submit({ id, user, workFlops, shareHz }, (j) => done.set(j.id, j)));
  };
  return { done, submitAt };
}

describe('allocated: the paper slicing', () => {
  it('a job alone finishes at work / (f C D) and meters kappa f^2 work / (C D)', () => {
    for (const f of [0.37e9, 1e9, 2e9]) {
      const sim = new Simulator();
      const server = new EdgeServer(sim, gpu, createEdgeScheduler('allocated'));
      const { done, submitAt } = collect(sim, server);
      submitAt(0, 1, 0, WORK, f);
      sim.run();
      const j = done.get(1)!;
      expect(rel(j.completionS, WORK / (f * CD))).toBeLessThan(1e-12);
      expect(rel(j.energyJ, (gpu.kappa * f * f * WORK) / CD)).toBeLessThan(1e-12);
      expect(rel(server.energyJ, (gpu.kappa * f * f * WORK) / CD)).toBeLessThan(1e-12);
    }
  });

  it('slices are independent: each user finishes on its own share whoever else is present', () => {
    const sim = new Simulator();
    const server = new EdgeServer(sim, gpu, createEdgeScheduler('allocated'));
    const { done, submitAt } = collect(sim, server);
    const shares = [0.2e9, 0.5e9, 1.3e9]; // sum = f^max
    const starts = [0, 3.7, 11.2];
    const works = [WORK, 0.4 * WORK, 2.5 * WORK];
    for (let u = 0; u < 3; u++) submitAt(starts[u], u, u, works[u], shares[u]);
    sim.run();
    for (let u = 0; u < 3; u++) {
      const j = done.get(u)!;
      expect(rel(j.completionS, starts[u] + works[u] / (shares[u] * CD))).toBeLessThan(1e-12);
      expect(rel(j.energyJ, (gpu.kappa * shares[u] ** 2 * works[u]) / CD)).toBeLessThan(1e-12);
    }
  });

  it("a user's second job waits for its first on the user's slice", () => {
    const sim = new Simulator();
    const server = new EdgeServer(sim, gpu, createEdgeScheduler('allocated'));
    const { done, submitAt } = collect(sim, server);
    const f = 0.8e9;
    submitAt(0, 1, 7, WORK, f);
    submitAt(1, 2, 7, WORK, f);
    sim.run();
    const first = WORK / (f * CD);
    expect(rel(done.get(1)!.completionS, first)).toBeLessThan(1e-12);
    expect(rel(done.get(2)!.startS, first)).toBeLessThan(1e-12);
    expect(rel(done.get(2)!.completionS, 2 * first)).toBeLessThan(1e-12);
  });

  it('a share change mid-service applies from that instant', () => {
    const sim = new Simulator();
    const server = new EdgeServer(sim, gpu, createEdgeScheduler('allocated'));
    const { done, submitAt } = collect(sim, server);
    const f1 = 0.5e9;
    const f2 = 1.5e9;
    const t1 = 4;
    submitAt(0, 1, 0, WORK, f1);
    sim.scheduleAt(t1, () => server.setShares((u) => (u === 0 ? f2 : undefined)));
    sim.run();
    const rest = (WORK - f1 * CD * t1) / (f2 * CD);
    const j = done.get(1)!;
    expect(rel(j.completionS, t1 + rest)).toBeLessThan(1e-12);
    expect(rel(j.energyJ, gpu.kappa * (f1 ** 3 * t1 + f2 ** 3 * rest))).toBeLessThan(1e-12);
  });

  it('shares adding up to more than f^max are slowed together, never overclocking the GPU', () => {
    const sim = new Simulator();
    const server = new EdgeServer(sim, gpu, createEdgeScheduler('allocated'));
    const { done, submitAt } = collect(sim, server);
    submitAt(0, 1, 0, WORK, 2e9);
    submitAt(0, 2, 1, WORK, 2e9);
    sim.run();
    expect(rel(done.get(1)!.completionS, WORK / (1e9 * CD))).toBeLessThan(1e-12);
    expect(rel(done.get(2)!.completionS, WORK / (1e9 * CD))).toBeLessThan(1e-12);
  });
});

describe('ps: weighted processor sharing', () => {
  it('two jobs with weights 1:3 finish at the closed-form times', () => {
    const sim = new Simulator();
    const server = new EdgeServer(sim, gpu, createEdgeScheduler('ps'));
    const { done, submitAt } = collect(sim, server);
    submitAt(0, 1, 0, WORK, 0.5e9);
    submitAt(0, 2, 1, WORK, 1.5e9);
    sim.run();
    const c = gpu.maxFreqHz * CD;
    expect(rel(done.get(2)!.completionS, WORK / (0.75 * c))).toBeLessThan(1e-12);
    expect(rel(done.get(1)!.completionS, (2 * WORK) / c)).toBeLessThan(1e-12);
    // Every FLOP costs kappa f^max^2 / (C D), whoever's it is.
    for (const id of [1, 2]) expect(rel(done.get(id)!.energyJ, (gpu.kappa * gpu.maxFreqHz ** 2 * WORK) / CD)).toBeLessThan(1e-12);
  });

  it('a lone job gets the whole GPU, not just its share', () => {
    const sim = new Simulator();
    const server = new EdgeServer(sim, gpu, createEdgeScheduler('ps'));
    const { done, submitAt } = collect(sim, server);
    submitAt(2, 1, 0, WORK, 0.1e9);
    sim.run();
    expect(rel(done.get(1)!.completionS, 2 + WORK / (gpu.maxFreqHz * CD))).toBeLessThan(1e-12);
  });
});

describe('zero work and bad input', () => {
  it('a job with no work completes at once without disturbing others', () => {
    const sim = new Simulator();
    const server = new EdgeServer(sim, gpu, createEdgeScheduler('fcfs'));
    const { done, submitAt } = collect(sim, server);
    submitAt(0, 1, 0, WORK, 1e9);
    submitAt(1, 2, 1, 0, 1e9);
    sim.run();
    expect(done.get(2)!.completionS).toBe(1);
    expect(done.get(2)!.energyJ).toBe(0);
    expect(rel(done.get(1)!.completionS, WORK / (gpu.maxFreqHz * CD))).toBeLessThan(1e-12);
  });

  it('rejects negative work, non-positive shares and a bad GPU', () => {
    const sim = new Simulator();
    const server = new EdgeServer(sim, gpu, createEdgeScheduler('ps'));
    expect(() => server.submit({ id: 1, user: 0, workFlops: -1, shareHz: 1 }, () => {})).toThrow(/workFlops/);
    expect(() => server.submit({ id: 1, user: 0, workFlops: 1, shareHz: 0 }, () => {})).toThrow(/shareHz/);
    expect(() => server.submit({ id: 1, user: 0, workFlops: NaN, shareHz: 1 }, () => {})).toThrow(/workFlops/);
    expect(() => new EdgeServer(sim, { ...gpu, cores: 0 }, createEdgeScheduler('ps'))).toThrow(/cores/);
    expect(() => createEdgeScheduler('rr', { quantumS: -1 })).toThrow();
    expect(() => createEdgeScheduler('nope')).toThrow();
  });
});

describe('conservation on a long random run', () => {
  const w = poissonWorkload(11, 20_000, 0.8, 1, 4);
  const shareOf = (u: number): number => [0.1, 0.2, 0.3, 0.4][u];
  for (const name of edgeSchedulerNames) {
    it(`${name}: work served = work submitted; energy of jobs = energy metered`, () => {
      const scheduler = name === 'rr' ? createEdgeScheduler('rr', { quantumS: 0.05 }) : createEdgeScheduler(name as EdgeSchedulerName);
      // Under allocated the shares must carry the load: give the GPU headroom.
      const g = name === 'allocated' ? { ...unitGpu, maxFreqHz: 5, cores: 1 } : unitGpu;
      const o = drive(w, scheduler, g, { shareOf: (u) => shareOf(u) * g.maxFreqHz });
      const s = o.server;
      let submitted = 0;
      let jobsEnergy = 0;
      for (let i = 0; i < w.workFlops.length; i++) {
        submitted += w.workFlops[i];
        jobsEnergy += o.energyJ[i];
      }
      expect(o.completed).toBe(w.workFlops.length);
      expect(rel(s.servedFlops, submitted)).toBeLessThan(1e-9);
      expect(rel(jobsEnergy, s.energyJ)).toBeLessThan(1e-9);
      // Busy time is the union of the jobs' sojourn intervals, computed apart.
      const iv = Array.from(w.arrivalS, (a, i) => [a, o.completionS[i]] as const).sort((x, y) => x[0] - y[0]);
      let busy = 0;
      let lo = iv[0][0];
      let hi = iv[0][1];
      for (const [a, b] of iv) {
        if (a > hi) {
          busy += hi - lo;
          lo = a;
          hi = b;
        } else hi = Math.max(hi, b);
      }
      busy += hi - lo;
      expect(rel(s.busyTimeS, busy)).toBeLessThan(1e-9);
      if (scheduler.workConserving) {
        // Whole GPU at f^max whenever busy: energy = kappa f^3 * busy = kappa f^2 * work / (C D).
        expect(rel(s.energyJ, g.kappa * g.maxFreqHz ** 3 * busy)).toBeLessThan(1e-9);
        expect(rel(s.energyJ, (g.kappa * g.maxFreqHz ** 2 * submitted) / (g.cores * g.flopsPerCycle))).toBeLessThan(1e-9);
        expect(rel(busy, submitted / (g.maxFreqHz * g.cores * g.flopsPerCycle))).toBeLessThan(1e-9);
      } else {
        // Each job on its own slice: kappa f_n^2 * work / (C D) per job.
        let expected = 0;
        for (let i = 0; i < w.workFlops.length; i++) expected += (g.kappa * (shareOf(w.user[i]) * g.maxFreqHz) ** 2 * w.workFlops[i]) / (g.cores * g.flopsPerCycle);
        expect(rel(s.energyJ, expected)).toBeLessThan(1e-9);
      }
    });
  }
});

describe('service and waiting time of each job', () => {
  const w = poissonWorkload(3, 2_000, 0.7, 1);
  it('fcfs: waiting ends when service starts; ps: nobody waits', () => {
    const sim = new Simulator();
    const server = new EdgeServer(sim, unitGpu, createEdgeScheduler('fcfs'));
    const psServer = new EdgeServer(sim, unitGpu, createEdgeScheduler('ps'));
    const got: CompletedEdgeJob[] = [];
    const gotPs: CompletedEdgeJob[] = [];
    for (let i = 0; i < 200; i++) {
      sim.scheduleAt(w.arrivalS[i], () => {
        server.submit({ id: i, user: 0, workFlops: w.workFlops[i], shareHz: 1 }, (j) => got.push(j));
        psServer.submit({ id: i, user: 0, workFlops: w.workFlops[i], shareHz: 1 }, (j) => gotPs.push(j));
      });
    }
    sim.run();
    expect(got.length).toBe(200);
    expect(gotPs.length).toBe(200);
    for (const j of got) {
      expect(j.waitS).toBeCloseTo(j.startS - j.arrivalS, 9);
      expect(j.serviceS).toBeCloseTo(j.workFlops, 9);
    }
    for (const j of gotPs) {
      expect(j.waitS).toBeLessThan(1e-9);
      expect(j.serviceS).toBeCloseTo(j.completionS - j.arrivalS, 9);
    }
  });
});

describe('allocated with unusual user ids', () => {
  it('large, negative and fractional user ids each get their own slice', () => {
    const sim = new Simulator();
    const server = new EdgeServer(sim, gpu, createEdgeScheduler('allocated'));
    const { done, submitAt } = collect(sim, server);
    const users = [1e9, -3, 2.5, 2.5];
    users.forEach((u, i) => submitAt(0, i, u, WORK, 0.5e9));
    sim.run();
    const one = WORK / (0.5e9 * CD);
    for (let i = 0; i < 3; i++) expect(rel(done.get(i)!.completionS, one)).toBeLessThan(1e-12);
    expect(rel(done.get(3)!.completionS, 2 * one)).toBeLessThan(1e-12);
  });
});
