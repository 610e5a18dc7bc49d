/**
 * What every idempotency strategy implements: a handler for `POST /payments` that sees only its
 * port.
 */
import type { Proc } from '../engine/effects.js';
import type { HttpResponse, PaymentRequest } from '../components/http.js';
import type { ServicePort } from '../components/port.js';

export interface Strategy {
  /** Registry name, kebab-case ("db-atomic"). */
  readonly name: string;
  /** One line: what it does. */
  readonly summary: string;
  /** Handles one request. An exception becomes a 500, as in a web framework. */
  handle(request: PaymentRequest, port: ServicePort): Proc<HttpResponse>;
}
