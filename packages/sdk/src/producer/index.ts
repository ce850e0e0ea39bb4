export {
  createProducer,
  type Producer,
  type ProducerOptions,
  type PublishResult,
  RETRYABLE_ERROR_CODES,
} from './create-producer.ts';
export type { PublishableEvent } from './put-events-entry.ts';
