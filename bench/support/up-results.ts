// The shape of bench/up.ts's results, shared by its report, its targets and its growth table.
import { StateSize } from "./state-size";

/** The Pulumi operations measured, in the order each cycle runs them. */
export const OPERATIONS = ["up", "preview", "refresh", "destroy"] as const;
export type Operation = (typeof OPERATIONS)[number];

/** Medians of the paired ratios goals / no-op of one operation at one size. */
export interface Ratios {
  /** CPU of the whole process tree of the `pulumi` run (exact). */
  cpu: number;
  /** Wall time of the `pulumi` run, from spawn to exit. */
  wall: number;
}

/** What one size (N goals against N no-op resources) measured. */
export interface SizeResult {
  goals: number;
  ratios: Record<Operation, Ratios>;
  /** Requests the goal stack made to the emulator per operation, by operation name: the most any rep made. */
  calls: Record<Operation, Record<string, number>>;
  state: { goals: StateSize; noop: StateSize };
}
