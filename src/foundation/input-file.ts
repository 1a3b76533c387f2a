import { readFile, stat } from 'node:fs/promises';
import type { Problem } from './problems.ts';

/** Config, scenario and monitor files are small; anything larger is refused unread. */
export const MAX_INPUT_FILE_BYTES = 1024 * 1024;

/**
 * Reads a config, scenario or monitor file as UTF-8 text (a UTF-8 BOM is fine), or returns the
 * problem: missing or not a regular file, larger than {@link MAX_INPUT_FILE_BYTES}, or not UTF-8
 * — named with the first line that is not, since a file saved as Shift_JIS would otherwise be
 * read as mojibake and fail somewhere far from its cause.
 */
export async function readInputFile(path: string, displayName: string): Promise<string | Problem> {
  const fail = (message: string, line?: number): Problem => ({
    file: displayName,
    path: '',
    message,
    ...(line ? { line, column: 1 } : {}),
  });
  let bytes: Buffer;
  try {
    // Look before reading: a directory or a FIFO named like a file is never opened.
    const info = await stat(path);
    if (!info.isFile()) return fail('not a regular file');
    if (info.size > MAX_INPUT_FILE_BYTES)
      return fail(
        `the file is ${info.size} bytes, over the limit of ${MAX_INPUT_FILE_BYTES} bytes (1 MiB) for config, scenario and monitor files`,
      );
    bytes = await readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return fail('no such file');
    if (code === 'EISDIR') return fail('not a regular file');
    return fail(`cannot read the file: ${code ?? (error as Error).message}`);
  }
  return decodeUtf8(bytes, displayName);
}

/** UTF-8 text without its BOM, or the problem naming the first line that is not UTF-8. */
export function decodeUtf8(bytes: Uint8Array, file: string): string | Problem {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    return {
      file,
      path: '',
      line: 1,
      column: 1,
      message: 'the file is UTF-16 text; save it as UTF-8',
    };
  }
  try {
    // fatal: invalid bytes throw instead of becoming U+FFFD; the BOM, if any, is dropped.
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const line = firstBadLine(bytes);
    return {
      file,
      path: '',
      line,
      column: 1,
      message: `the file is not UTF-8 text: line ${line} has bytes that are not UTF-8 (Shift_JIS or EUC-JP?); save the file as UTF-8`,
    };
  }
}

/** 1-based: a newline byte never occurs inside a UTF-8 sequence, so each line decodes alone. */
function firstBadLine(bytes: Uint8Array): number {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let start = 0;
  let line = 1;
  while (start <= bytes.length) {
    let end = bytes.indexOf(0x0a, start);
    if (end === -1) end = bytes.length;
    try {
      decoder.decode(bytes.subarray(start, end));
    } catch {
      return line;
    }
    start = end + 1;
    line++;
  }
  return 1;
}
