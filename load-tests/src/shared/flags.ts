/**
 * Flag reading shared by the benchmarks: every flag falls back to an environment variable, and
 * every number flag is bounded, so a typo cannot start an unbounded run.
 */
import { parseArgs } from 'node:util';

/** A number flag: its environment fallback, its default and its inclusive bounds. */
export interface NumberFlag {
  readonly env: string;
  readonly fallback: number;
  readonly min: number;
  readonly max: number;
}

/** The parsed flags, each read as given on the command line or else from the environment. */
export interface FlagValues<N extends string> {
  /** `--name` as given, else `env[envName]`. */
  text(name: string, envName: string): string | undefined;
  /** The number flag `name` (an empty value means its default); throws when out of bounds. */
  num(name: N): number;
}

/** The PostgreSQL superuser URL both benchmarks default to. */
export const DEFAULT_PG_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

/**
 * Parses `argv` strictly: the number flags, the string flags and `--help`/`-h` (then 'help').
 * Throws an Error naming an unknown flag or positional argument.
 */
export function readFlags<N extends string>(
  argv: string[],
  env: NodeJS.ProcessEnv,
  numberFlags: Record<N, NumberFlag>,
  stringFlags: readonly string[],
): FlagValues<N> | 'help' {
  const stringOptions = Object.fromEntries(
    [...Object.keys(numberFlags), ...stringFlags].map((name) => [
      name,
      { type: 'string' as const },
    ]),
  );
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: { ...stringOptions, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help === true) return 'help';
  const text = (name: string, envName: string): string | undefined => {
    const value = (values as Record<string, unknown>)[name];
    return typeof value === 'string' ? value : env[envName];
  };
  const num = (name: N): number => {
    const flag: NumberFlag = numberFlags[name];
    const raw = text(name, flag.env);
    const value = raw === undefined || raw === '' ? flag.fallback : Number(raw);
    if (!Number.isFinite(value) || value < flag.min || value > flag.max) {
      throw new Error(`--${name} must be a number from ${flag.min} to ${flag.max}, got ${raw}`);
    }
    return value;
  };
  return { text, num };
}

/** A comma-separated list of `choices` for `--flag`: each at most once, in the order given. */
export function choiceList<T extends string>(
  flag: string,
  raw: string,
  choices: readonly T[],
): T[] {
  const items = raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const valid = items.filter((s): s is T => (choices as readonly string[]).includes(s));
  if (valid.length === 0 || valid.length !== items.length) {
    throw new Error(`--${flag} takes ${choices.join(' and/or ')}, got ${items.join(',')}`);
  }
  return [...new Set(valid)];
}

/** The default result file name of `benchmark`, stamped with the current time. */
export function resultFileName(benchmark: string): string {
  return `${benchmark}-${new Date().toISOString().replace(/[:.]/g, '-')}.json`;
}
