/** A command-line mistake: the message, then the usage, on stderr; exit code 2 (as `parseArgs` users expect). */
export function usageFailure(usage: string): (message: string) => never {
  return (message) => {
    process.stderr.write(`${message}\n\n${usage}\n`);
    process.exit(2);
  };
}
