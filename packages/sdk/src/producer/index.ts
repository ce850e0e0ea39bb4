export type { PublishableEvent } from '@schemagate/core';
export {
  createProducer,
  type Producer,
  type ProducerOptions,
  type PublishResult,
  RETRYABLE_ERROR_CODES,
} from './create-producer.ts';
export {
  createGateProducer,
  defaultIdempotencyKey,
  type GateProducer,
  type GateProducerOptions,
  type GatePublishResult,
} from './gate-producer.ts';
