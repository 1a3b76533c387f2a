import { formatDuration } from '../foundation/index.ts';
import type { CheckName, Evidence } from './case-result.ts';
import { contradiction } from './delay.ts';
import { aspectPath, type CharsetPart, type Finding, parseAspect } from './findings.ts';

/**
 * The words of a failed check: its reason sentence and details, rendered from its findings. This
 * is the one place they are worded; nothing reads them back (the parity diff and `cutover demo`
 * read the findings). Another wording is another {@link FindingsTemplate}.
 */

/** What a template is given: the check's findings, and what it may quote besides. */
export interface FindingsSubject {
  check: CheckName;
  findings: readonly Finding[];
  /** The check's evidence: the subject of an unwanted mail, the id of an unwanted record, the field errors shown. */
  evidence?: Evidence;
  /** The case's synthetic email (the CRM sentences name it). */
  email?: string;
}

export interface RenderedFindings {
  /** One sentence a QA person can act on. */
  reason: string;
  /** One line per finding, in the findings' order. */
  details: string[];
}

/** A wording of findings. It must return one line of `details` per finding, in their order. */
export type FindingsTemplate = (subject: FindingsSubject) => RenderedFindings;

/** The reason and details of a check from its findings, in the given wording (default: {@link englishTemplate}). */
export function renderFindings(
  subject: FindingsSubject,
  template: FindingsTemplate = englishTemplate,
): RenderedFindings {
  return template(subject);
}

/** cutover's own wording: "notification 電話番号: expected "03-1234-5678", got no value". */
export const englishTemplate: FindingsTemplate = (subject) => {
  const details = subject.findings.map((f) => findingLine(f, subject));
  return { reason: reasonOf(subject, details), details };
};

const PREFIX: Record<CheckName, string> = {
  submit: '',
  form: 'form ',
  notification: 'notification ',
  crm: 'CRM ',
  analytics: 'analytics ',
};

function reasonOf(subject: FindingsSubject, lines: string[]): string {
  const { findings, check } = subject;
  if (findings.length === 0) return '';
  const more = findings.length > 1 ? ` (+${findings.length - 1} more)` : '';
  if (check === 'submit') {
    // The outcome line already lists the field errors that go with it.
    const outcome = findings.findIndex((f) => f.aspect === 'outcome');
    if (outcome >= 0) return lines[outcome]!;
    if (findings.every((f) => parseAspect(f.aspect).is === 'fieldError')) return wrongErrors(subject);
    return `${lines[0]}${more}`;
  }
  const first = parseAspect(findings[0]!.aspect);
  // Counts and delays are whole sentences; a value is named under its check.
  const sentence = check !== 'analytics' && (first.is === 'count' || first.is === 'delay');
  return `${sentence ? '' : PREFIX[check]}${lines[0]}${more}`;
}

/** One finding as one line. */
function signedMs(value: number): string {
  return value < 0 ? `−${ms(String(-value))}` : ms(String(value));
}

export function findingLine(f: Finding, subject: FindingsSubject): string {
  const ref = parseAspect(f.aspect);
  const at = f.item !== undefined ? `#${f.item} ` : '';
  switch (ref.is) {
    case 'outcome':
      return outcomeLine(f, subject);
    case 'fieldError':
      return f.kind === 'missing'
        ? `${ref.field}: expected an error, the field shows none`
        : `${ref.field}: shows an error that was not expected`;
    case 'delay': {
      const r = f.range;
      if (!r || r.upperMs - r.lowerMs <= 1)
        return `${ARRIVED[subject.check]} after ${ms(f.actual)}; SLA ${ms(f.expected)}`;
      const resolution = r.resolutionMs >= 1000 ? `±${ms(String(r.resolutionMs))}` : `±${r.resolutionMs} ms`;
      const measured = `between ${signedMs(r.lowerMs)} and ${ms(String(r.upperMs))} (${resolution}, ${r.source}${contradiction(r)})`;
      if (r.lowerMs > Number(f.expected))
        return `${ARRIVED[subject.check]} ${measured}; SLA ${ms(f.expected)}`;
      // The source cannot tell on-time from late: say so rather than give a number as if it could.
      const coarse =
        r.resolutionMs >= Number(f.expected) && !r.stampContradicted
          ? `; the ${r.source} clock (${resolution}) is too coarse to judge an SLA of ${ms(f.expected)}`
          : '';
      return `${ARRIVED[subject.check]} ${measured}; SLA ${ms(f.expected)} lies inside: may have been on time, judged late (conservative rule)${coarse}`;
    }
    case 'count':
      return ref.of === 'messages' ? mailCount(f, subject) : recordCount(f, subject);
    case 'updated':
      return `no record was updated by the last submission: ${f.actual ?? 'none found'}`;
    case 'to':
    case 'from':
    case 'subject':
    case 'body':
      return `${at}${ref.is}: ${matchPhrase(f)}`;
    case 'field':
      return `${at}${ref.name}: ${matchPhrase(f)}`;
    case 'charset':
      return `${at}${mojibakeLine(f, ref.part)}`;
    case 'event': {
      const label = `${ref.name} (${ref.source})`;
      if (ref.part === 'count') {
        if (f.expected === undefined) return `${label}: no event within ${ms(f.withinMs)}`;
        if (f.expected === '0') return `${label}: fired ${f.actual ?? '?'}× although it must not fire`;
        return `${label}: fired ${f.actual ?? 0}×; expected exactly ${f.expected}`;
      }
      const which = f.item !== undefined ? `${label} #${f.item}` : label;
      if (ref.part === 'hit') return `${which} hit ${ref.key}: ${matchPhrase(f)}`;
      return `${which} ${ref.part === 'utm' ? 'utm_' : ''}${ref.key}: ${matchPhrase(f)}`;
    }
    case 'other':
      return `${aspectPath(subject.check, f.aspect, f.item)}: ${f.kind}${f.expected !== undefined ? `; expected ${quote(f.expected)}` : ''}${f.actual !== undefined ? `, got ${quote(f.actual)}` : ''}`;
  }
}

const ARRIVED: Record<CheckName, string> = {
  submit: 'thank-you page shown',
  form: 'form read',
  notification: 'notification arrived',
  crm: 'CRM record created',
  analytics: 'event sent',
};

function outcomeLine(f: Finding, subject: FindingsSubject): string {
  const e = subject.evidence?.kind === 'submit' ? subject.evidence : undefined;
  if (f.actual === 'error')
    return f.note ?? `the site answered HTTP ${e?.status ?? '?'} at the ${e?.step ?? 'submit'} step`;
  if (f.kind === 'missing' || f.actual === 'timeout' || f.actual === undefined)
    return `no outcome within ${ms(f.withinMs)}: neither the success condition nor field errors showed`;
  if (f.actual === 'accepted' && f.expected === 'rejected') return 'the form accepted input it should reject';
  if (f.actual === 'rejected' && f.expected === 'accepted') {
    const errors = (e?.fieldErrors ?? []).map((x) => (x.message ? `${x.field} (${x.message})` : x.field));
    return `the form rejected the input${errors.length ? `: ${errors.join(', ')}` : ''}`;
  }
  return `outcome: expected ${f.expected ?? '?'}, got ${f.actual}`;
}

/** "rejected, but errors on email, consent; expected email, phone" — from the errors shown and the findings. */
function wrongErrors(subject: FindingsSubject): string {
  const e = subject.evidence?.kind === 'submit' ? subject.evidence : undefined;
  const fieldOf = (f: Finding) => {
    const ref = parseAspect(f.aspect);
    return ref.is === 'fieldError' ? ref.field : f.aspect;
  };
  const unexpected = new Set(subject.findings.filter((f) => f.kind === 'unexpected').map(fieldOf));
  const got = [...new Set((e?.fieldErrors ?? []).map((x) => x.field))];
  const want = [
    ...got.filter((g) => !unexpected.has(g)),
    ...subject.findings.filter((f) => f.kind === 'missing').map(fieldOf),
  ];
  return `rejected, but errors on ${got.join(', ') || 'no field'}; expected ${[...new Set(want)].join(', ')}`;
}

function mailCount(f: Finding, subject: FindingsSubject): string {
  if (f.kind === 'unexpected') {
    const first = subject.evidence?.kind === 'notification' ? subject.evidence.messages[0] : undefined;
    return first
      ? `a notification arrived although none was expected: "${first.subject}" to ${first.to.join(', ')}`
      : `${f.actual ?? 'a'} notification(s) arrived although none was expected`;
  }
  if (f.kind === 'missing') return `no notification arrived within ${ms(f.withinMs)}`;
  return `${f.actual} notifications arrived; expected exactly ${f.expected}`;
}

function recordCount(f: Finding, subject: FindingsSubject): string {
  const email = subject.email ? ` ${subject.email}` : ' the synthetic email';
  if (f.kind === 'unexpected') {
    const first = subject.evidence?.kind === 'crm' ? subject.evidence.records[0] : undefined;
    return `a CRM record was created although none was expected${first ? ` (id ${first.id})` : ''}`;
  }
  if (f.kind === 'missing') return `no CRM record for${email} within ${ms(f.withinMs)}`;
  return `${f.actual} CRM records carry${email}; expected ${f.expected}`;
}

const PART_WORD: Record<CharsetPart, string> = { subject: 'subject', body: 'body', html: 'HTML body' };

/**
 * "文字化け: the mail declares ISO-2022-JP but its body is not valid ISO-2022-JP (byte 0xE3 at
 * offset 0; the bytes are UTF-8)" — from a `mojibake` finding.
 */
function mojibakeLine(f: Finding, part: CharsetPart): string {
  const word = PART_WORD[part];
  const declared = f.expected;
  const bad =
    f.charset?.byte !== undefined
      ? `byte 0x${f.charset.byte.toString(16).toUpperCase().padStart(2, '0')}`
      : undefined;
  const where = f.charset?.offset !== undefined ? `${bad ?? 'a byte'} at offset ${f.charset.offset}` : bad;
  const notes = [where, f.actual !== undefined ? `the bytes are ${f.actual}` : undefined].filter(Boolean);
  const more = notes.length ? ` (${notes.join('; ')})` : '';
  switch (f.charset?.problem) {
    case 'unknown':
      return `文字化け: the mail declares ${declared ?? 'a charset'} for its ${word}, a charset mail readers need not know (not in the WHATWG Encoding Standard)${more}`;
    case 'mislabelled':
      return declared === undefined
        ? `文字化け: the mail declares no charset for its ${word}, which is ${f.actual ?? 'in another charset'}`
        : `文字化け: the mail declares ${declared} but its ${word} is ${f.actual ?? 'in another charset'}: it reads as ${declared} only by chance`;
    default:
      return declared === undefined
        ? `文字化け: the mail declares no charset for its ${word}, whose bytes are not ${part === 'subject' ? 'UTF-8' : 'US-ASCII'}${more}`
        : `文字化け: the mail declares ${declared} but its ${word} is not valid ${declared}${more}`;
  }
}

/** What a value matcher expected and what was found: `expected "03-1234-5678", got no value`. */
export function matchPhrase(f: Pick<Finding, 'match' | 'expected' | 'actual'>): string {
  const got = f.actual === undefined ? 'got no value' : `got ${quote(f.actual)}`;
  switch (f.match) {
    case 'contains':
      return `expected to contain ${quote(f.expected ?? '')}, ${got}`;
    case 'matches':
      return `expected to match /${f.expected ?? ''}/, ${got}`;
    case 'present':
      return `expected a value, ${got}`;
    case 'absent':
      return `expected no value, ${got}`;
    default:
      return `expected ${quote(f.expected ?? '')}, ${got}`;
  }
}

/** A value in double quotes, shortened past 120 characters. */
export function quote(text: string): string {
  const short = text.length > 120 ? `${text.slice(0, 117)}…` : text;
  return JSON.stringify(short);
}

function ms(value: string | number | undefined): string {
  const n = Number(value);
  return value === undefined || !Number.isFinite(n) ? '?' : formatDuration(n);
}
