import fc from 'fast-check';

// Property tests draw their cases from a fixed seed so a run is reproducible
// to the byte; set FC_SEED to explore other cases locally.
fc.configureGlobal({ seed: Number(process.env.FC_SEED ?? 20261125) });
