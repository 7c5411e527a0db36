/** The SQLSTATE of a failed query (TypeORM copies the driver's fields onto its QueryFailedError). */
function sqlState(error: unknown): { code?: string; constraint?: string } {
  if (typeof error !== 'object' || error === null) return {};
  const own = error as { code?: unknown; constraint?: unknown; driverError?: unknown };
  const driver = (
    typeof own.driverError === 'object' && own.driverError !== null ? own.driverError : own
  ) as { code?: unknown; constraint?: unknown };
  return {
    ...(typeof driver.code === 'string' ? { code: driver.code } : {}),
    ...(typeof driver.constraint === 'string' ? { constraint: driver.constraint } : {}),
  };
}

/** True for a unique violation (of `constraint`, when given). */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const state = sqlState(error);
  return state.code === '23505' && (constraint === undefined || state.constraint === constraint);
}

/** True for a foreign-key violation. */
export function isForeignKeyViolation(error: unknown): boolean {
  return sqlState(error).code === '23503';
}
