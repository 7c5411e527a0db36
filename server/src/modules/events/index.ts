/**
 * Domain events through a transactional outbox: recorded in the transaction of the change,
 * delivered after commit to the audit log and live clients (and, later, webhooks).
 */
export { recordEvent, type DomainEvent, type EventContext } from './outbox.js';
export {
  OutboxDispatcher,
  type OutboxDispatcherOptions,
  type OutboxEvent,
  type OutboxHandler,
} from './outbox-dispatcher.js';
export {
  auditDelivery,
  liveDelivery,
  toEnvelope,
  type LiveEmitter,
  type LiveEventEnvelope,
} from './delivery-handlers.js';
export { EventFeed, type EventFeedOptions, type EventListener } from './event-feed.js';
