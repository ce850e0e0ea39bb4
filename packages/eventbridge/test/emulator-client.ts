import { EventBridgeClient } from '@aws-sdk/client-eventbridge';

/**
 * A real EventBridge client on a loopback emulator: any credentials sign for it, and it does not retry by itself,
 * so a test sees each injected failure as the forwarder does.
 */
export function emulatorEventBridgeClient(emulator: { url: string }): EventBridgeClient {
  return new EventBridgeClient({
    endpoint: emulator.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 1,
  });
}
