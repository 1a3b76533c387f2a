import { en, type Messages } from '../foundation/i18n/index.ts';
import { formatDuration } from '../foundation/index.ts';
import type { CheckName, Evidence } from './case-result.ts';
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

/** The wording of one language's catalog: every finding one line, the reason its first naming the rest. */
export function findingsTemplate(m: Messages): FindingsTemplate {
  return (subject) => {
    const details = subject.findings.map((f) => findingLine(f, subject, m));
    return { reason: reasonOf(subject, details, m), details };
  };
}

/** cutover's own wording: "notification 電話番号: expected "03-1234-5678", got no value". */
export const englishTemplate: FindingsTemplate = findingsTemplate(en);

/**
 * The first finding in words, then the others by name — never dropped: "CRM lastname: expected
 * "山田", got "太郎"; and 1 more: firstname". The details hold each one in full.
 */
function reasonOf(subject: FindingsSubject, lines: string[], m: Messages): string {
  const { findings, check } = subject;
  if (findings.length === 0) return '';
  const rest = (from: (f: Finding, i: number) => boolean) => {
    const others = findings.filter((f, i) => !from(f, i));
    return others.length > 0
      ? m.finding.andMore(others.length, others.map((f) => findingName(f)).join(m.listSeparator))
      : '';
  };
  if (check === 'submit') {
    // The outcome line already lists the field errors that go with it.
    const outcome = findings.findIndex((f) => f.aspect === 'outcome');
    if (outcome >= 0)
      return `${lines[outcome]!}${rest((f, i) => i === outcome || parseAspect(f.aspect).is === 'fieldError')}`;
    if (findings.every((f) => parseAspect(f.aspect).is === 'fieldError')) return wrongErrors(subject, m);
    return `${lines[0]}${rest((_, i) => i === 0)}`;
  }
  const first = parseAspect(findings[0]!.aspect);
  // Counts and delays are whole sentences; a value is named under its check.
  const sentence = check !== 'analytics' && (first.is === 'count' || first.is === 'delay');
  return `${sentence ? '' : m.finding.prefix[check]}${lines[0]}${rest((_, i) => i === 0)}`;
}

/** A finding by the name of what it is about: `電話番号`, `#2 utm_source`, `generate_lead (ga4) form_id`, `delay`. */
export function findingName(f: Finding): string {
  const ref = parseAspect(f.aspect);
  const at = f.item !== undefined ? `#${f.item} ` : '';
  switch (ref.is) {
    case 'field':
      return `${at}${ref.name}`;
    case 'fieldError':
      return ref.field;
    case 'event':
      return `${ref.name} (${ref.source})${ref.part === 'count' ? '' : ` ${ref.part === 'utm' ? 'utm_' : ''}${ref.key}`}`;
    default:
      return `${at}${f.aspect}`;
  }
}

/** One finding as one line. */
function signedMs(value: number): string {
  return value < 0 ? `−${ms(String(-value))}` : ms(String(value));
}

export function findingLine(f: Finding, subject: FindingsSubject, m: Messages = en): string {
  const ref = parseAspect(f.aspect);
  const w = m.finding;
  const at = f.item !== undefined ? w.item(f.item) : '';
  switch (ref.is) {
    case 'outcome':
      return outcomeLine(f, subject, m);
    case 'fieldError':
      return f.kind === 'missing' ? w.fieldErrorMissing(ref.field) : w.fieldErrorUnexpected(ref.field);
    case 'delay': {
      const r = f.range;
      const arrived = w.arrived[subject.check];
      if (!r || r.upperMs - r.lowerMs <= 1) return w.lateExact(arrived, ms(f.actual), ms(f.expected));
      const resolution = r.resolutionMs >= 1000 ? `±${ms(String(r.resolutionMs))}` : `±${r.resolutionMs} ms`;
      const note = r.stampContradicted ? w.contradicted(r.source) : '';
      const measured = w.between(signedMs(r.lowerMs), ms(String(r.upperMs)), resolution, r.source, note);
      if (r.lowerMs > Number(f.expected)) return w.lateSure(arrived, measured, ms(f.expected));
      // The source cannot tell on-time from late: say so rather than give a number as if it could.
      const coarse =
        r.resolutionMs >= Number(f.expected) && !r.stampContradicted
          ? w.tooCoarse(r.source, resolution, ms(f.expected))
          : '';
      return w.lateMaybe(arrived, measured, ms(f.expected), coarse);
    }
    case 'count':
      return ref.of === 'messages' ? mailCount(f, subject, m) : recordCount(f, subject, m);
    case 'updated':
      return w.notUpdated(f.actual);
    case 'to':
    case 'from':
    case 'subject':
    case 'body':
      return `${at}${w.value(w.part[ref.is] ?? ref.is, matchPhrase(f, m))}`;
    case 'field':
      return `${at}${w.value(ref.name, matchPhrase(f, m))}`;
    case 'charset':
      return `${at}${mojibakeLine(f, ref.part, m)}`;
    case 'event': {
      const label = w.eventLabel(ref.name, ref.source);
      if (ref.part === 'count') {
        if (f.expected === undefined) return w.eventNone(label, ms(f.withinMs));
        if (f.expected === '0') return w.eventForbidden(label, f.actual ?? '?');
        return w.eventCount(label, f.actual ?? '0', f.expected);
      }
      const which = f.item !== undefined ? `${label} #${f.item}` : label;
      if (ref.part === 'hit') return w.value(`${which} hit ${ref.key}`, matchPhrase(f, m));
      return w.value(`${which} ${ref.part === 'utm' ? 'utm_' : ''}${ref.key}`, matchPhrase(f, m));
    }
    case 'other':
      return w.other(
        aspectPath(subject.check, f.aspect, f.item),
        f.kind,
        f.expected !== undefined ? quote(f.expected) : undefined,
        f.actual !== undefined ? quote(f.actual) : undefined,
      );
  }
}

function outcomeLine(f: Finding, subject: FindingsSubject, m: Messages): string {
  const e = subject.evidence?.kind === 'submit' ? subject.evidence : undefined;
  const w = m.finding;
  if (f.actual === 'error') return f.note ?? w.siteError(String(e?.status ?? '?'), e?.step ?? 'submit');
  if (f.kind === 'missing' || f.actual === 'timeout' || f.actual === undefined)
    return w.noOutcome(ms(f.withinMs));
  if (f.actual === 'accepted' && f.expected === 'rejected') return w.acceptedWrongly;
  if (f.actual === 'rejected' && f.expected === 'accepted') {
    const errors = (e?.fieldErrors ?? []).map((x) => m.grounds.fieldError(x.field, x.message));
    return w.rejectedWrongly(errors.join(m.listSeparator));
  }
  const word = (o: string) => m.evidence.outcomeWord[o] ?? o;
  return w.outcomeDiffers(word(f.expected ?? '?'), word(f.actual));
}

/** "rejected, but errors on email, consent; expected email, phone" — from the errors shown and the findings. */
function wrongErrors(subject: FindingsSubject, m: Messages): string {
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
  return m.finding.wrongErrors(got.join(m.listSeparator), [...new Set(want)].join(m.listSeparator));
}

function mailCount(f: Finding, subject: FindingsSubject, m: Messages): string {
  const w = m.finding;
  if (f.kind === 'unexpected') {
    const first = subject.evidence?.kind === 'notification' ? subject.evidence.messages[0] : undefined;
    return first
      ? w.mailUnexpected(first.subject, first.to.join(m.listSeparator))
      : w.mailsUnexpected(f.actual ?? '1');
  }
  if (f.kind === 'missing') return w.mailMissing(ms(f.withinMs));
  return w.mailCount(f.actual ?? '?', f.expected ?? '?');
}

function recordCount(f: Finding, subject: FindingsSubject, m: Messages): string {
  const w = m.finding;
  if (f.kind === 'unexpected') {
    const first = subject.evidence?.kind === 'crm' ? subject.evidence.records[0] : undefined;
    return w.recordUnexpected(first?.id);
  }
  if (f.kind === 'missing') return w.recordMissing(subject.email, ms(f.withinMs));
  return w.recordCount(f.actual ?? '?', subject.email, f.expected ?? '?');
}

/**
 * "文字化け: the mail declares ISO-2022-JP but its body is not valid ISO-2022-JP (byte 0xE3 at
 * offset 0; the bytes are UTF-8)" — from a `mojibake` finding.
 */
function mojibakeLine(f: Finding, part: CharsetPart, m: Messages): string {
  const w = m.finding;
  const word = w.charsetPart[part] ?? part;
  const declared = f.expected;
  const bad =
    f.charset?.byte !== undefined
      ? `0x${f.charset.byte.toString(16).toUpperCase().padStart(2, '0')}`
      : undefined;
  const where =
    f.charset?.offset !== undefined
      ? w.byteAt(bad, f.charset.offset)
      : bad !== undefined
        ? w.byte(bad)
        : undefined;
  const notes = [where, f.actual !== undefined ? w.bytesAre(f.actual) : undefined].filter(Boolean);
  const more = notes.length ? ` (${notes.join('; ')})` : '';
  switch (f.charset?.problem) {
    case 'unknown':
      return w.mojibakeUnknown(declared, word, more);
    case 'mislabelled':
      return declared === undefined
        ? w.mojibakeMislabelledUndeclared(word, f.actual)
        : w.mojibakeMislabelled(declared, word, f.actual);
    default:
      return declared === undefined
        ? w.mojibakeUndeclared(word, part === 'subject' ? 'UTF-8' : 'US-ASCII', more)
        : w.mojibakeInvalid(declared, word, more);
  }
}

/** What a value matcher expected and what was found: `expected "03-1234-5678", got no value`. */
export function matchPhrase(f: Pick<Finding, 'match' | 'expected' | 'actual'>, m: Messages = en): string {
  const w = m.finding.match;
  const got = f.actual === undefined ? w.gotNothing : w.got(quote(f.actual));
  switch (f.match) {
    case 'contains':
      return w.contains(quote(f.expected ?? ''), got);
    case 'matches':
      return w.matches(f.expected ?? '', got);
    case 'present':
      return w.present(got);
    case 'absent':
      return w.absent(got);
    default:
      return w.equals(quote(f.expected ?? ''), got);
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
