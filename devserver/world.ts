/**
 * One continuing world: the parameters recorded at its first start decide it on every later
 * start. A start with parameters that would make another world is refused, not mixed in.
 */
import {
  generatePopulation,
  type Population,
  type PopulationOptions,
  resolvePopulationOptions,
} from "./population/generate.ts";
import type { StoredWorld, WorldParams, WorldStore } from "./store.ts";

/** The stored world cannot be used by this start; the message says why and what to do. */
export class WorldUnavailable extends Error {
  constructor(message: string) {
    super(message);
    this.name = "WorldUnavailable";
  }
}

/** The stored world was made with other parameters than this start gives. */
export class WorldMismatch extends WorldUnavailable {
  constructor(location: string, differences: string[]) {
    super(
      `The development server's data in ${location} holds another world: ` +
        `${differences.join("; ")}. Start with DEVSERVER_RESET=1 to wipe it and start afresh, ` +
        `or start with the stored settings again.`,
    );
    this.name = "WorldMismatch";
  }
}

/** Parameters that make a different population; the others (base time, speed) are kept. */
const DECISIVE: [keyof WorldParams, string][] = [
  ["seed", "seed"],
  ["baseUrl", "base URL"],
  ["ordinaryAccounts", "ordinary accounts"],
  ["windowMs", "arrival window (ms)"],
  ["waves", "spam waves"],
  ["hardCases", "hard cases"],
];

/** What differs between a stored world and the one a start asks for, as readable phrases. */
export function worldDifferences(stored: WorldParams, given: WorldParams): string[] {
  return DECISIVE.filter(([key]) => stored[key] !== given[key]).map(([key, name]) =>
    `${name} ${JSON.stringify(stored[key])} is stored, ${JSON.stringify(given[key])} was given`
  );
}

/** The world a start continues or begins. */
export interface OpenedWorld {
  params: WorldParams;
  /** The stored state to restore, or null for a new world. */
  stored: StoredWorld | null;
}

/**
 * Continues the stored world when the given parameters describe it (keeping its base time,
 * arrival speed and first start), or begins a new one with the given parameters when none is
 * stored or `reset` asks to start afresh. Throws WorldMismatch for another world.
 */
export function openWorld(store: WorldStore, given: WorldParams, reset = false): OpenedWorld {
  const stored = reset ? null : store.load();
  if (!stored) {
    store.create(given);
    return { params: given, stored: null };
  }
  const differences = worldDifferences(stored.params, given);
  if (differences.length > 0) throw new WorldMismatch(store.location, differences);
  return { params: stored.params, stored };
}

/** The parameters a start asks for; `newBaseTime` (from the clock) wins over a fixed base time. */
export function requestedWorld(
  seed: number,
  population: PopulationOptions | undefined,
  arrivalSpeed: number,
  startedAt: number,
  newBaseTime?: (nowMs: number) => number,
): WorldParams {
  const p = resolvePopulationOptions(population);
  return {
    seed,
    baseUrl: p.baseUrl,
    baseTime: newBaseTime ? newBaseTime(startedAt) : p.baseTime,
    windowMs: p.windowMs,
    ordinaryAccounts: p.ordinaryAccounts,
    waves: p.waves,
    hardCases: p.hardCases,
    arrivalSpeed,
    firstStartedAt: startedAt,
  };
}

/** The population of a world (re-derived from its parameters on every start). */
export function populationOf(params: WorldParams): Population {
  return generatePopulation(params.seed, {
    baseTime: params.baseTime,
    baseUrl: params.baseUrl,
    ordinaryAccounts: params.ordinaryAccounts,
    windowMs: params.windowMs,
    waves: params.waves,
    hardCases: params.hardCases,
  });
}
