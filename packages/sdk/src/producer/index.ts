export type { PublishableEvent } from '@schemagate/core';
export {
  createProducer,
  type Producer,
  type ProducerOptions,
  type PublishResult,
  RETRYABLE_ERROR_CODES,
} from './create-producer.ts';
