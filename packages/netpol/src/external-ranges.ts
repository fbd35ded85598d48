// The external (IP) peers of the analysis: a partition of 0.0.0.0/0 fine enough that every ipBlock of one direction
// either contains a range entirely or not at all.
import { IntervalList } from "./intervals";
import { maxIPv4 } from "./ipv4";

/** An inclusive range of IPv4 addresses (as integers). */
export interface AddressRange {
  /** First address of the range. */
  readonly first: number;
  /** Last address of the range. */
  readonly last: number;
}

/**
 * Splits 0.0.0.0-255.255.255.255 into disjoint contiguous ranges at every start and end of the blocks' contiguous
 * parts (each block being an ipBlock's `cidr` minus `except`). The result is the same partition as np-guard's
 * `DisjointIPBlocks`: adjacent ranges are kept apart even when they would get the same connectivity, and with no
 * blocks the whole space is one range.
 */
export function disjointAddressRanges(blocks: readonly IntervalList[]): AddressRange[] {
  const cuts = new Set<number>([0]);
  for (const block of blocks) {
    for (let i = 0; i < block.length; i += 2) {
      cuts.add(block[i]);
      if (block[i + 1] < maxIPv4) cuts.add(block[i + 1] + 1);
    }
  }
  const starts = [...cuts].sort((a, b) => a - b);
  return starts.map((first, index) => ({ first, last: index + 1 < starts.length ? starts[index + 1] - 1 : maxIPv4 }));
}
