/**
 * Names and payloads of list-maintenance programs shared by the workflow, its activities and the
 * API. Pure, so the workflow bundle can include it (kept beside contract.ts, which other features own).
 */
import type { ProgramStep } from '../domain/programs/steps';

export interface ListMaintenanceInput {
  programId: string;
  runId: string;
}

/** What one step did in one run: `changed` is the number of members written (0 on a repeat run). */
export interface ProgramStepResult {
  index: number;
  kind: ProgramStep['kind'];
  description: string;
  /** Members the step looked at after its `when` condition (all members without one). */
  matched: number;
  changed: number;
}

export interface ListMaintenanceResult {
  runId: string;
  steps: ProgramStepResult[];
}

/** The program as a run sees it, read once at the start so every step of the run uses one version. */
export interface ProgramPlan {
  programId: string;
  listId: string;
  name: string;
  steps: ProgramStep[];
}

export interface ProgramStepInput {
  programId: string;
  runId: string;
  listId: string;
  index: number;
  step: ProgramStep;
}

export interface ScheduledListMaintenanceInput {
  programId: string;
}

export const PROGRAM_NOT_FOUND_FAILURE = 'ProgramNotFoundError';

/** One run per program at a time: the id is the conflict key. */
export function listMaintenanceWorkflowId(programId: string): string {
  return `list-maintenance/${programId}`;
}

export function programScheduleId(programId: string): string {
  return `list-maintenance-schedule/${programId}`;
}

/** Prefix of the workflows a program's schedule starts (Temporal appends the scheduled time). */
export function scheduledListMaintenanceWorkflowId(programId: string): string {
  return `list-maintenance-scheduled/${programId}`;
}
