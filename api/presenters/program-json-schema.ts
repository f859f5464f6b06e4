/** The JSON of a program (presentProgram in api/services/program-store.ts). */
import { z } from 'zod';
import { instant } from './common-json';
import { runJson } from './run-json-schema';
import { scheduleJson } from './schedule-json-schema';

const stepKind = z.enum(['change_field', 'add_to_list', 'remove_from_list']);

/** A step as saved (its fields are the request's step schema, domain/programs/steps.ts) and in words. */
export const programStepJson = z.object({ kind: stepKind, description: z.string() }).passthrough();

/** What one step of a program run did (contract/programs.ts ProgramStepResult). */
export const programStepResultJson = z
  .object({ index: z.number().int(), kind: stepKind, description: z.string(), matched: z.number().int(), changed: z.number().int() })
  .strict();

/** A program's runs carry each step's own counts instead of the generic run steps. */
export const programRunJson = runJson.extend({ steps: z.array(programStepResultJson) }).strict();

export const programJson = z
  .object({
    id: z.string(),
    listId: z.string(),
    listName: z.string().nullable(),
    connectionId: z.string(),
    name: z.string(),
    steps: z.array(programStepJson),
    schedule: scheduleJson.nullable(),
    lastRunId: z.string().nullable(),
    /** Why the schedule may not do what it seems to (the list's sync runs less often, or not at all). */
    warnings: z.array(z.string()),
    createdAt: instant.nullable(),
    updatedAt: instant.nullable(),
    /** Only when reading one program: its latest runs. */
    lastRuns: z.array(programRunJson).optional(),
  })
  .strict();

export const programsJson = z.object({ programs: z.array(programJson) }).strict();
export const programCreatedJson = z.object({ id: z.string(), program: programJson }).strict();

export type ProgramJson = z.infer<typeof programJson>;
