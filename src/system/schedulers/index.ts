export * from './types.js';
export * from './registry.js';
export * from './edge-server.js';
export { AllocatedScheduler } from './allocated.js';
export { ProcessorSharingScheduler } from './ps.js';
export { EgalitarianProcessorSharingScheduler } from './eps.js';
export { FcfsScheduler } from './fcfs.js';
export { RoundRobinScheduler } from './rr.js';
export { SrptScheduler } from './srpt.js';
