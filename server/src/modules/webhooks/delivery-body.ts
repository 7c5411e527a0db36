/** What a delivery's request carries, built once when the delivery is created. */
import type { OutboxEvent } from '../events/index.js';
import { toEnvelope, type LiveEventEnvelope } from '../events/index.js';

/** The JSON body of a delivery: its own id and the event. */
export interface DeliveryBody extends Record<string, unknown> {
  readonly id: string;
  readonly event: LiveEventEnvelope;
}

/** The body delivering `event` as delivery `deliveryId`. */
export function deliveryBody(deliveryId: string, event: OutboxEvent): DeliveryBody {
  return { id: deliveryId, event: toEnvelope(event) };
}
