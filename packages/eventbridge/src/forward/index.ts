export {
  createForwarder,
  type Forwarder,
  type ForwarderLog,
  type ForwarderMetrics,
  type ForwarderOptions,
  type ForwarderOutbox,
  type OutboxEvent,
} from './create-forwarder.ts';
export {
  type EventBridgeTarget,
  type EventBridgeTargetOptions,
  resolveEventBridgeTarget,
} from './event-bridge-target.ts';
