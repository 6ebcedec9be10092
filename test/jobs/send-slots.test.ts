// The process's send slots: never more held than there are, taken in the order asked, a chunk's slots
// all at once, and given back as its sends settle.
import { describe, expect, it } from 'vitest';
import { SendSlots } from '../../jobs/send-slots.js';

describe('SendSlots', () => {
  it('grants at once while slots are free, then makes later chunks wait in the order they asked', async () => {
    const slots = new SendSlots(50);
    const order: string[] = [];
    await slots.acquire(25);
    await slots.acquire(25);
    const third = slots.acquire(25).then(() => order.push('third'));
    const fourth = slots.acquire(10).then(() => order.push('fourth'));
    await Promise.resolve();
    expect(order).toEqual([]);
    // Ten sends of the first chunk settle: room for the fourth's ten, but the third asked first.
    slots.release(10);
    await Promise.resolve();
    expect(order).toEqual([]);
    slots.release(15);
    await third;
    expect(order).toEqual(['third']);
    // All 50 held again (25 + 25): the fourth waits for the next ten to settle.
    slots.release(10);
    await fourth;
    expect(order).toEqual(['third', 'fourth']);
  });

  it('never holds more than its size: a chunk larger than the slots takes them all, and extra releases are ignored', async () => {
    const slots = new SendSlots(5);
    await slots.acquire(9);
    let granted = false;
    const next = slots.acquire(1).then(() => (granted = true));
    await Promise.resolve();
    expect(granted).toBe(false);
    slots.release(100);
    await next;
    expect(granted).toBe(true);
    // 4 free now: five more would have to wait.
    let five = false;
    void slots.acquire(5).then(() => (five = true));
    await Promise.resolve();
    expect(five).toBe(false);
  });
});
