export {
  createForwarder,
  type Forwarder,
  type ForwarderLog,
  type ForwarderMetrics,
  type ForwarderOptions,
  type ForwarderOutbox,
  type OutboxEvent,
} from './create-forwarder.ts';
