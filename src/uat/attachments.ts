/** The attachments a UAT test hands to the acceptance reporter (names shared by both sides). */
export const CASE_RESULT_ATTACHMENT = 'cutover-case-result';
export const SCREENSHOT_ATTACHMENT = 'cutover-outcome-screenshot';
