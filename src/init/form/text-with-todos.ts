import type { DraftTodo } from '../drafted-project.ts';

/** A file's text built line by line; a TODO is a comment at its exact line, also returned with that line. */
export class TextWithTodos {
  private readonly lines: string[] = [];
  readonly todos: DraftTodo[] = [];

  constructor(
    readonly path: string,
    private readonly comment: '//' | '#',
  ) {}

  line(text = ''): this {
    this.lines.push(text);
    return this;
  }

  /** `// TODO: …` at the given indent; the text is one line (newlines become spaces). */
  todo(indent: string, text: string): this {
    const flat = text.replace(/\s+/g, ' ').trim();
    this.lines.push(`${indent}${this.comment} TODO: ${flat}`);
    this.todos.push({ path: this.path, line: this.lines.length, text: flat });
    return this;
  }

  text(): string {
    return `${this.lines.join('\n')}\n`;
  }
}
