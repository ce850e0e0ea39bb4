import type { ShopFlowOutcome } from './shop-flow.ts';

/** The flow's outcome as lines a person reads: what was published, refused, delivered and handled. */
export function describeOutcome(outcome: ShopFlowOutcome): string[] {
  const lines = ['producer (checkout, validating with the generated bindings):'];
  for (const { orderId, result } of outcome.published) {
    if (result.status === 'published') lines.push(`  published ${orderId} as event ${result.eventId}`);
    else if (result.status === 'invalid') {
      const reasons = result.errors.map((error) => `${error.path} ${error.message}`).join('; ');
      lines.push(`  REFUSED   ${orderId} before sending: ${reasons}`);
    } else lines.push(`  FAILED    ${orderId}: ${result.errorCode} ${result.errorMessage}`);
  }
  lines.push(
    `bus: accepted ${outcome.accepted.length} events (checkout's and other services' unchecked ones)`,
  );
  lines.push('consumer (parseEvent with the generated bindings, once per event id):');
  for (const consumed of outcome.consumed) {
    if (consumed.status === 'rejected') {
      const { rejection } = consumed;
      const where = rejection.schema ? ` (${rejection.schema} v${rejection.version})` : '';
      const reasons = rejection.errors.map((error) => `${error.path} ${error.message}`).join('; ');
      lines.push(`  rejected  ${rejection.reason}${where}: ${reasons || rejection.message}`);
    } else lines.push(`  ${consumed.status.padEnd(9)} ${consumed.eventId} ${consumed.schema}`);
  }
  for (const order of outcome.handledOrders) {
    const { amount, currency } = order.detail.total;
    lines.push(
      `  -> ship ${order.detail.orderId}: ${order.detail.lines.length} line(s), ${amount} ${currency} minor units`,
    );
  }
  for (const failure of outcome.handledPaymentFailures) {
    lines.push(
      `  -> hold ${failure.detail.orderId}: payment ${failure.detail.paymentId} ${failure.detail.reason}`,
    );
  }
  return lines;
}
