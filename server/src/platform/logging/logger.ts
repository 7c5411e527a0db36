import { pino, type Logger, type LoggerOptions } from 'pino';
import { currentContext } from '../context.js';

export type { Logger };

/**
 * JSON logs with ECS-compatible field names. The mixin stamps every line with the current
 * request/job context (tenant, user, request id, trace id), so nothing has to pass a child logger
 * around to get them.
 */
export function createLogger(options: {
  level: string;
  name?: string;
  destination?: pino.DestinationStream;
}): Logger {
  const pinoOptions: LoggerOptions = {
    level: options.level,
    messageKey: 'message',
    errorKey: 'error',
    timestamp: () => `,"@timestamp":"${new Date().toISOString()}"`,
    base: {
      'service.name': options.name ?? 'folio',
      'process.pid': process.pid,
      'ecs.version': '8.11.0',
    },
    formatters: {
      level: (label) => ({ 'log.level': label }),
    },
    serializers: {
      error: (err: unknown) => {
        if (!(err instanceof Error)) return { message: String(err) };
        return {
          type: err.name,
          message: err.message,
          stack_trace: err.stack,
          ...('code' in err ? { code: (err as { code: unknown }).code } : {}),
        };
      },
    },
    mixin: () => {
      const ctx = currentContext();
      if (!ctx) return {};
      const fields: Record<string, unknown> = {
        'trace.id': ctx.traceId,
        'http.request.id': ctx.requestId,
      };
      if (ctx.tenantId) fields['folio.tenant.id'] = ctx.tenantId;
      if (ctx.clientIp) fields['client.ip'] = ctx.clientIp;
      if (ctx.actor.kind === 'user') fields['user.id'] = ctx.actor.userId;
      else if (ctx.actor.kind === 'apiKey') fields['folio.api_key.id'] = ctx.actor.apiKeyId;
      return fields;
    },
  };
  return options.destination ? pino(pinoOptions, options.destination) : pino(pinoOptions);
}
