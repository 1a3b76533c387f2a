import { nameSchema } from '../foundation/common.schema.ts';

/** The option every probe has: the name scenarios use to refer to it. */
export const nameOption = {
  name: nameSchema.optional().describe('Name scenarios use to refer to this probe; defaults to `use`.'),
};
