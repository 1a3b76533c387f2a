/**
 * A line as a person sees it in Slack or Teams: Slack mrkdwn links `<url|text>` show their text
 * (`<url>` its address, `<mailto:a@b|a@b>` the address), `*bold*`, `_italic_`, `~strike~` and
 * `` `code` `` lose their marks, as do Markdown's `**bold**`, `__bold__` and `[text](url)`
 * (Teams). Used to read `label: value` pairs; the marker is still matched on the raw text.
 */
export function visibleText(line: string): string {
  return (
    line
      // Slack links, mentions and special mentions.
      .replace(/<([^<>|\n]+)\|([^<>\n]+)>/g, (_, _url: string, label: string) => label)
      .replace(/<(?:mailto:|tel:)?([^<>|\s]+)>/g, (_, target: string) =>
        target.startsWith('!') ? `@${target.slice(1)}` : target,
      )
      // Markdown links (Teams).
      .replace(/\[([^\]\n]+)\]\((?:[^)\s]+)\)/g, '$1')
      // Emphasis: a mark must open after a boundary and close before one, so `a*b` and
      // `qa_x_y@example.com` stay as they are.
      .replace(/(^|[^\w*])\*\*([^*\n]+?)\*\*(?=$|[^\w*])/g, '$1$2')
      .replace(/(^|[^\w_])__([^_\n]+?)__(?=$|[^\w_])/g, '$1$2')
      .replace(/(^|[^\w*])\*([^*\n]+?)\*(?=$|[^\w*])/g, '$1$2')
      .replace(/(^|[^\w_])_([^_\n]+?)_(?=$|[^\w_])/g, '$1$2')
      .replace(/(^|[^\w~])~([^~\n]+?)~(?=$|[^\w~])/g, '$1$2')
      .replace(/`([^`\n]+)`/g, '$1')
  );
}
