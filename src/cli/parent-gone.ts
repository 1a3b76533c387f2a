/**
 * Tells when this process's parent goes away (it is re-parented, e.g. to init). `npx cutover …`
 * runs cutover under a shell that npm starts (npm → sh → node): a SIGTERM sent to npx reaches that
 * shell, which dies without passing it on, and cutover would run on, orphaned. A long-running
 * command treats its parent's end like SIGTERM. Started under init already (ppid 0 or 1, a
 * container's only process), nothing can be told and `gone` never resolves. A check every
 * `everyMs` that keeps nothing alive; `dispose` ends it.
 */
export function parentGone(everyMs = 500): { gone: Promise<void>; dispose(): void } {
  const parent = process.ppid;
  let timer: NodeJS.Timeout | undefined;
  const gone = new Promise<void>((resolve) => {
    if (parent <= 1) return;
    timer = setInterval(() => {
      if (process.ppid === parent) return;
      clearInterval(timer);
      resolve();
    }, everyMs);
    timer.unref();
  });
  return { gone, dispose: () => clearInterval(timer) };
}
