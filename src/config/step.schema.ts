import { z } from 'zod';

/**
 * One safe step a person takes around the form — before filling it (a cookie banner to accept, a
 * tab to open) or between its pages (after the confirmation screen). Declarative on purpose: a
 * scenario stays readable by a client and validated with line numbers; it is never code.
 *
 * @example
 * before:
 *   - click: { role: button, name: 同意する }   # the cookie banner
 *   - waitFor: { text: お見積り依頼 }
 *   - check: { label: 利用規約に同意する }
 *   - dismiss: dialog                          # Escape closes the open dialog
 */
export const stepSchema = z
  .strictObject({
    click: z
      .strictObject({
        role: z.enum(['button', 'link', 'tab', 'menuitem']).default('button'),
        name: z.string().min(1).describe('Its accessible name, e.g. 同意する'),
        exact: z.boolean().default(true).describe('Match the name exactly (default) or as a substring'),
      })
      .optional()
      .describe('Click a button or link by its role and accessible name'),
    check: z
      .strictObject({ label: z.string().min(1), exact: z.boolean().default(false) })
      .optional()
      .describe('Tick a checkbox by its label'),
    uncheck: z
      .strictObject({ label: z.string().min(1), exact: z.boolean().default(false) })
      .optional()
      .describe('Clear a checkbox by its label'),
    waitFor: z
      .strictObject({ text: z.string().min(1) })
      .optional()
      .describe('Wait until the text is visible'),
    dismiss: z
      .literal('dialog')
      .optional()
      .describe('Close the open dialog (role="dialog" or <dialog>) with Escape and wait until it is gone'),
    in: z
      .enum(['page', 'form'])
      .optional()
      .describe(
        'Where to look: the top page, or the form (its frame when the form has one). Default: the page for `before`, the form between pages',
      ),
  })
  .refine(
    (step) =>
      [step.click, step.check, step.uncheck, step.waitFor, step.dismiss].filter((s) => s !== undefined)
        .length === 1,
    { error: 'give exactly one of click, check, uncheck, waitFor, dismiss' },
  );

export const stepsSchema = z.array(stepSchema).min(1);

export type Step = z.output<typeof stepSchema>;

/** A step in words, for the evidence and for errors: `click button "同意する"`. */
export function describeStep(step: Step): string {
  if (step.click) return `click ${step.click.role} "${step.click.name}"`;
  if (step.check) return `check "${step.check.label}"`;
  if (step.uncheck) return `uncheck "${step.uncheck.label}"`;
  if (step.waitFor) return `wait for "${step.waitFor.text}"`;
  return 'dismiss the dialog';
}
