/**
 * A histogram's state as plain numbers: what one observation costs is a short bound search and
 * three additions, no label hashing. Read and formatted only when metrics are scraped.
 */
export class BucketCounts {
  /** Per bucket (not cumulative); the last slot is +Inf. */
  readonly counts: Float64Array;
  sum = 0;
  count = 0;

  constructor(readonly bounds: readonly number[]) {
    this.counts = new Float64Array(bounds.length + 1);
  }

  observe(value: number): void {
    const bounds = this.bounds;
    let slot = 0;
    while (slot < bounds.length && value > (bounds[slot] as number)) slot++;
    this.counts[slot] = (this.counts[slot] ?? 0) + 1;
    this.sum += value;
    this.count++;
  }

  /** Adds `other`'s observations (same bounds) into this one. */
  add(other: BucketCounts): void {
    for (let i = 0; i < this.counts.length; i++) this.counts[i] = (this.counts[i] ?? 0) + (other.counts[i] ?? 0);
    this.sum += other.sum;
    this.count += other.count;
  }

  clone(): BucketCounts {
    const copy = new BucketCounts(this.bounds);
    copy.add(this);
    return copy;
  }

  reset(): void {
    this.counts.fill(0);
    this.sum = 0;
    this.count = 0;
  }
}
