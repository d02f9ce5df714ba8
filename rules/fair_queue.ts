/** A queue per key served in turns, so that one key's many items cannot hold back another's. */
export class FairQueue<T> {
  // Map keeps insertion order: a served key is re-inserted, which moves it to the back.
  private readonly lanes = new Map<string, T[]>();

  /** Adds an item at the back of its key's lane. */
  push(key: string, item: T): void {
    const lane = this.lanes.get(key);
    if (lane) lane.push(item);
    else this.lanes.set(key, [item]);
  }

  /** The oldest item of the key whose turn it is, or undefined when empty. */
  shift(): T | undefined {
    for (const [key, lane] of this.lanes) {
      const item = lane.shift();
      this.lanes.delete(key);
      if (lane.length) this.lanes.set(key, lane);
      if (item !== undefined) return item;
    }
    return undefined;
  }
}
