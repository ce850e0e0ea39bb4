import { EventBridgeClient } from '@aws-sdk/client-eventbridge';

/** Where forwarded events go: a client for the resolved region and endpoint. */
export interface EventBridgeTarget {
  client: EventBridgeClient;
  region: string;
  /** The endpoint override, when there is one. */
  endpoint?: string;
}

/** Options for {@link resolveEventBridgeTarget}. */
export interface EventBridgeTargetOptions {
  /** An endpoint override (a loopback emulator, a VPC endpoint); without one, the region's public endpoint. */
  endpoint?: string | undefined;
  /** How long one PutEvents call may take before it counts as failed. Default 10 s. */
  requestTimeoutMs?: number;
}

/** Signs requests to an endpoint override when no region is configured: such an endpoint ignores the region. */
const OVERRIDE_REGION = 'us-east-1';

/**
 * The forwarder's EventBridge, or why there is none: the region comes from the AWS SDK's default chain
 * (`AWS_REGION`, then the profile's `region` in the shared config files), credentials likewise when the first call
 * needs them. No endpoint override and no region resolvable means no target: events wait in the outbox.
 *
 * The client does not retry by itself (`maxAttempts: 1`): the forwarder puts failed events back in the outbox
 * with backoff, where waiting holds no lease and no connection.
 */
export async function resolveEventBridgeTarget(
  options: EventBridgeTargetOptions = {},
): Promise<EventBridgeTarget | { missing: string }> {
  let region: string | undefined;
  const probe = new EventBridgeClient({});
  try {
    region = await probe.config.region();
  } catch {
    region = undefined;
  } finally {
    probe.destroy();
  }
  if (!region && !options.endpoint)
    return {
      missing: 'no AWS region (AWS_REGION or a profile region) and no SCHEMAGATE_EVENTBRIDGE_ENDPOINT',
    };
  const resolvedRegion = region || OVERRIDE_REGION;
  const client = new EventBridgeClient({
    region: resolvedRegion,
    maxAttempts: 1,
    requestHandler: { requestTimeout: options.requestTimeoutMs ?? 10_000, connectionTimeout: 2000 },
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
  });
  return { client, region: resolvedRegion, ...(options.endpoint ? { endpoint: options.endpoint } : {}) };
}
