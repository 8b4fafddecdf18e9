import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { nearestCommand } from './nearestCommand.js';

/** File names a config can have: `lab.config.ts`, `lab.mjs`, … */
const CONFIG_FILE = /\.(?:[cm]?ts|[cm]?js)$/;

/**
 * What to tell a user whose first word is neither a command nor a config file, or undefined
 * when the word is a command, an existing file, or looks like a config path (`run` then says
 * "config file not found" itself).
 *
 * @example
 * unknownCommandMessage(program, 'chek');
 * // "unknown command 'chek'. Did you mean 'check'?"
 */
export function unknownCommandMessage(program: Command, word: string): string | undefined {
  const names = program.commands.flatMap((c) => [c.name(), ...c.aliases()]);
  if (names.includes(word) || word === 'help') return undefined;
  if (existsSync(word) || CONFIG_FILE.test(word)) return undefined;
  const near = nearestCommand(word, names);
  return near
    ? `unknown command '${word}'. Did you mean '${near}'?`
    : `'${word}' is neither a command nor a config file (commands: ${names.join(', ')})`;
}
