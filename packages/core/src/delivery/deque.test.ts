import { describe, expect, it } from "vitest";
import { Deque } from "./deque.js";

describe("Deque", () => {
  it("is first in, first out, with unshift putting items back at the front", () => {
    const q = new Deque<number>(4);
    for (let i = 1; i <= 3; i++) q.push(i);
    expect(q.shift()).toBe(1);
    q.unshift(0);
    q.unshift(-1);
    expect(q.length).toBe(4);
    expect(q.drain()).toEqual([-1, 0, 2, 3]);
    expect(q.length).toBe(0);
    expect(q.shift()).toBeUndefined();
  });

  it("keeps order while growing past its capacity from a wrapped-around state", () => {
    const q = new Deque<number>(4);
    const model: number[] = [];
    let next = 0;
    // A fixed mix of operations that wraps the ring many times and grows it.
    for (let step = 0; step < 5000; step++) {
      const op = (step * 7919) % 10;
      if (op < 5) {
        q.push(next);
        model.push(next++);
      } else if (op < 7) {
        q.unshift(next);
        model.unshift(next++);
      } else {
        expect(q.shift()).toBe(model.shift());
      }
      expect(q.length).toBe(model.length);
    }
    expect(q.drain()).toEqual(model);
  });

  it("hands back a long queue in order, one item at a time", () => {
    const q = new Deque<{ i: number }>();
    for (let i = 0; i < 200_000; i++) q.push({ i });
    let inOrder = true;
    for (let i = 0; i < 200_000; i++) inOrder &&= q.shift()?.i === i;
    expect(inOrder).toBe(true);
    expect(q.length).toBe(0);
  });
});
