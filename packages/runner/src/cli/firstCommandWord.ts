import type { Command } from 'commander';

/**
 * The first word of an argument list that is not an option or an option's value: the word
 * commander will take as a command name (or, with the default `run` command, as the config).
 * Undefined when there is none (`expmon-runner`, `expmon-runner --help`).
 *
 * @example
 * firstCommandWord(program, ['--log-level', 'debug', 'chek', 'lab.config.ts']); // 'chek'
 */
export function firstCommandWord(program: Command, args: readonly string[]): string | undefined {
  const takesValue = new Set<string>();
  for (const cmd of [program, ...program.commands]) {
    for (const o of cmd.options) {
      if (o.required || o.optional) {
        if (o.long) takesValue.add(o.long);
        if (o.short) takesValue.add(o.short);
      }
    }
  }
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') return args[i + 1];
    if (a.startsWith('-')) {
      if (!a.includes('=') && takesValue.has(a)) i++;
      continue;
    }
    return a;
  }
  return undefined;
}
