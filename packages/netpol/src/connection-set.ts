// The set of (protocol, port) pairs a connection may use, as one sorted interval list per protocol.
import { emptyIntervals, intersectIntervals, IntervalList, intervalPairs, intervalsContain, intervalsEqual, intervalsOf, unionIntervals } from "./intervals";

/** The protocols a NetworkPolicy can name, in the lexicographic order the connlist format prints them. */
export const protocols = ["SCTP", "TCP", "UDP"] as const;

/** A NetworkPolicy protocol. */
export type Protocol = (typeof protocols)[number];

/** Lowest and highest port a NetworkPolicy can name. */
export const minPort = 1;
export const maxPort = 65535;

const allPorts: IntervalList = Object.freeze([minPort, maxPort]) as IntervalList;

/** Ports per protocol for {@link ConnectionSet.of}: single ports or inclusive `[from, to]` ranges. */
export type PortsByProtocol = Partial<Record<Protocol, ReadonlyArray<number | readonly [number, number]>>>;

/**
 * An immutable set of allowed connections: for each of TCP, UDP and SCTP, the ports (1-65535) allowed.
 * "All Connections" is every port of all three protocols.
 */
export class ConnectionSet {
  /** Every port of TCP, UDP and SCTP: what an unprotected pair of peers may use. */
  static readonly all = new ConnectionSet({ SCTP: allPorts, TCP: allPorts, UDP: allPorts });
  /** Nothing allowed. */
  static readonly none = new ConnectionSet({ SCTP: emptyIntervals, TCP: emptyIntervals, UDP: emptyIntervals });

  private constructor(private readonly ports: Readonly<Record<Protocol, IntervalList>>) {}

  /**
   * Builds a set from ports per protocol, e.g. `ConnectionSet.of({ TCP: [3306] })` or
   * `ConnectionSet.of({ TCP: [[8080, 8081]], UDP: [53] })`.
   */
  static of(spec: PortsByProtocol): ConnectionSet {
    const ports = { ...ConnectionSet.none.ports };
    for (const protocol of protocols) {
      const entries = spec[protocol] ?? [];
      ports[protocol] = intervalsOf(entries.map((entry) => (typeof entry === "number" ? [entry, entry] : entry)));
    }
    return ConnectionSet.fromPorts(ports);
  }

  /** Every port of one protocol. */
  static allPortsOf(protocol: Protocol): ConnectionSet {
    return ConnectionSet.portRange(protocol, minPort, maxPort);
  }

  /** The ports `from`..`to` (inclusive) of one protocol. */
  static portRange(protocol: Protocol, from: number, to: number): ConnectionSet {
    return ConnectionSet.fromPorts({ ...ConnectionSet.none.ports, [protocol]: intervalsOf([[from, to]]) });
  }

  private static fromPorts(ports: Record<Protocol, IntervalList>): ConnectionSet {
    // Returning the shared instances keeps `isAll`/`isEmpty` cheap and saves memory on large matrices.
    if (protocols.every((protocol) => intervalsEqual(ports[protocol], allPorts))) return ConnectionSet.all;
    if (protocols.every((protocol) => ports[protocol].length === 0)) return ConnectionSet.none;
    return new ConnectionSet(ports);
  }

  /** Connections allowed by this set or by `other`. */
  union(other: ConnectionSet): ConnectionSet {
    if (this === other || other === ConnectionSet.none || this === ConnectionSet.all) return this;
    if (this === ConnectionSet.none || other === ConnectionSet.all) return other;
    return ConnectionSet.fromPorts({
      SCTP: unionIntervals(this.ports.SCTP, other.ports.SCTP),
      TCP: unionIntervals(this.ports.TCP, other.ports.TCP),
      UDP: unionIntervals(this.ports.UDP, other.ports.UDP),
    });
  }

  /** Connections allowed by both this set and `other`. */
  intersect(other: ConnectionSet): ConnectionSet {
    if (this === other || other === ConnectionSet.all || this === ConnectionSet.none) return this;
    if (this === ConnectionSet.all || other === ConnectionSet.none) return other;
    return ConnectionSet.fromPorts({
      SCTP: intersectIntervals(this.ports.SCTP, other.ports.SCTP),
      TCP: intersectIntervals(this.ports.TCP, other.ports.TCP),
      UDP: intersectIntervals(this.ports.UDP, other.ports.UDP),
    });
  }

  /** True when nothing is allowed. */
  isEmpty(): boolean {
    return this === ConnectionSet.none;
  }

  /** True when every port of every protocol is allowed. */
  isAll(): boolean {
    return this === ConnectionSet.all;
  }

  /** Whether `port` of `protocol` is allowed. */
  allows(protocol: Protocol, port: number): boolean {
    return intervalsContain(this.ports[protocol], port);
  }

  /** Whether both sets allow exactly the same connections. */
  equals(other: ConnectionSet): boolean {
    return protocols.every((protocol) => intervalsEqual(this.ports[protocol], other.ports[protocol]));
  }

  /** The allowed ports of one protocol as ascending, maximal inclusive `[from, to]` ranges. */
  portRanges(protocol: Protocol): Array<[number, number]> {
    return intervalPairs(this.ports[protocol]);
  }

  /**
   * The connlist form: `All Connections`, or protocols in order with ranges, e.g. `SCTP 7070,TCP 8080-8081,UDP 9090`
   * (the first range of a protocol carries its name, further ranges follow as bare tokens); `No Connections` when empty.
   */
  toString(): string {
    if (this.isAll()) return "All Connections";
    if (this.isEmpty()) return "No Connections";
    const parts: string[] = [];
    for (const protocol of protocols) {
      const ranges = this.portRanges(protocol).map(([from, to]) => (from === to ? `${from}` : `${from}-${to}`));
      if (ranges.length > 0) parts.push(`${protocol} ${ranges.join(",")}`);
    }
    return parts.join(",");
  }

  /** The JSON form: `{ "TCP": [[from, to], ...], ... }` with only the protocols that allow something. */
  toJSON(): Partial<Record<Protocol, Array<[number, number]>>> {
    const json: Partial<Record<Protocol, Array<[number, number]>>> = {};
    for (const protocol of protocols) if (this.ports[protocol].length > 0) json[protocol] = this.portRanges(protocol);
    return json;
  }
}
