import type { Response } from 'express';
import type { AppError } from '../errors.js';

/** A typed value carried by one request (in res.locals), owned by the module that defines it. */
export interface RequestSlot<T> {
  get(res: Response): T | undefined;
  set(res: Response, value: T): void;
  /** The value, or a 401/404 AppError from `missing()` when a previous middleware did not set it. */
  require(res: Response): T;
}

/** Defines a slot; modules keep their own (the tenant, the principal) without a shared god type. */
export function defineRequestSlot<T>(name: string, missing: () => AppError): RequestSlot<T> {
  const key = Symbol(name);
  type Locals = Record<symbol, T | undefined>;
  return {
    get: (res) => (res.locals as Locals)[key],
    set: (res, value) => {
      (res.locals as Locals)[key] = value;
    },
    require: (res) => {
      const value = (res.locals as Locals)[key];
      if (value === undefined) throw missing();
      return value;
    },
  };
}
