/**
 * One seed for every randomized test: fixed unless FC_SEED is set, and printed on failure by
 * fast-check, so a failing run can be replayed exactly.
 */
import fc from "fast-check";

export const SEED = process.env.FC_SEED ? Number(process.env.FC_SEED) : 20_261_125;

fc.configureGlobal({ seed: SEED, numRuns: Number(process.env.FC_RUNS ?? 300) });
