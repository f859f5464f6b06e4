import type { ProgramDeps } from './program-deps';
import { createProgramRunActivities } from './program-runs';
import { createRunStepActivity } from './run-step';

/** The activities of list-maintenance programs (workflows/list-maintenance.ts orders them). */
export function createProgramActivities(deps: ProgramDeps) {
  return {
    ...createProgramRunActivities(deps),
    ...createRunStepActivity(deps),
  };
}
