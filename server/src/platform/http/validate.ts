import type { z } from 'zod';
import { AppError } from '../errors.js';

/** Parses input with a zod schema; failures become a 400 `validation_failed` listing each issue. */
export function parseInput<S extends z.ZodType>(
  schema: S,
  input: unknown,
  where = 'body',
): z.infer<S> {
  const result = schema.safeParse(input);
  if (!result.success) {
    throw new AppError('validation_failed', `Invalid request ${where}`, {
      details: result.error.issues.map((issue) => ({
        path: [where, ...issue.path.map(String)].join('.'),
        message: issue.message,
      })),
    });
  }
  return result.data;
}
