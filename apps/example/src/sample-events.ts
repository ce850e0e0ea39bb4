import type { OrderPlacedDetail } from './generated/index.ts';
import type { RawBusEvent } from './unchecked-publisher.ts';

/** Two orders checkout accepts as they are. */
export const acceptedOrders: OrderPlacedDetail[] = [
  {
    orderId: 'ord_7Hq2LmN9xPa1',
    customerId: 'cus_Zr81KfT0bQ2w',
    channel: 'web',
    lines: [
      { sku: 'TSHIRT-BLK-M', quantity: 2, unitPrice: { amount: 1999, currency: 'EUR' } },
      { sku: 'MUG-0042', quantity: 1, unitPrice: { amount: 999, currency: 'EUR' } },
    ],
    total: { amount: 4997, currency: 'EUR' },
    shippingAddress: {
      recipient: 'Jana Kowalski',
      line1: 'Torstraße 140',
      city: 'Berlin',
      postalCode: '10119',
      country: 'DE',
    },
  },
  {
    orderId: 'ord_Pp0sStOre001',
    customerId: 'cus_Zr81KfT0bQ2w',
    channel: 'pos',
    lines: [{ sku: 'GIFTCARD-25', quantity: 1, unitPrice: { amount: 2500, currency: 'USD' } }],
    total: { amount: 2500, currency: 'USD' },
    shippingAddress: {
      recipient: 'Sam Lee',
      line1: '500 Pine St',
      city: 'Seattle',
      region: 'WA',
      postalCode: '98101',
      country: 'US',
    },
  },
];

/**
 * An order with a checkout bug in it. It compiles: the generated types say `quantity` is a number and
 * `currency` a string, but only the contract says "at least 1" and "three capital letters", so only the
 * validator catches it, before it is sent.
 */
export const buggyOrder: OrderPlacedDetail = {
  orderId: 'ord_BuGgYcHeCk01',
  customerId: 'cus_Zr81KfT0bQ2w',
  channel: 'ios',
  lines: [{ sku: 'MUG-0042', quantity: 0, unitPrice: { amount: 999, currency: 'eur' } }],
  total: { amount: 0, currency: 'EUR' },
  shippingAddress: {
    recipient: 'Jana Kowalski',
    line1: 'Torstraße 140',
    city: 'Berlin',
    postalCode: '10119',
    country: 'DE',
  },
};

/** What other services put on the same bus without checking a contract. */
export const uncheckedEvents: RawBusEvent[] = [
  // payments: valid, it just was not checked before sending
  {
    source: 'com.shop.payments',
    detailType: 'PaymentFailed',
    detail: {
      paymentId: 'pay_Q8wErT5yUi0p',
      orderId: 'ord_7Hq2LmN9xPa1',
      amount: { amount: 4997, currency: 'EUR' },
      reason: 'card_declined',
      retryable: false,
      attempt: 1,
    },
  },
  // an old checkout still sends the total as a formatted string
  {
    source: 'com.shop.orders',
    detailType: 'OrderPlaced',
    detail: {
      orderId: 'ord_LeGaCyChk001',
      customerId: 'cus_Zr81KfT0bQ2w',
      channel: 'web',
      lines: [{ sku: 'MUG-0042', quantity: 1, unitPrice: { amount: 999, currency: 'EUR' } }],
      total: '9.99 EUR',
      shippingAddress: {
        recipient: 'Jana Kowalski',
        line1: 'Torstraße 140',
        city: 'Berlin',
        postalCode: '10119',
        country: 'DE',
      },
    },
  },
  // no contract covers this event at all
  {
    source: 'com.shop.cart',
    detailType: 'CartAbandoned',
    detail: { cartId: 'cart_91', customerId: 'cus_Zr81KfT0bQ2w' },
  },
];
