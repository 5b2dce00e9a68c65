/** The Campaign Management service emulator: `startEmulator` for tests and programs, `msads-emulator` on the command line. */
export { startEmulator, SERVICE_PATH } from "./server";
export type { EmulatorOptions, RunningEmulator } from "./server";
export { DEFAULT_SEED, OFFLINE_GOAL_CATEGORIES } from "./state";
export type { Seed, State, Goal as StoredGoal } from "./state";
export type { FaultSpec } from "./fault-plan";
export type { OAuthEnvironment } from "./oauth";
