// ConnectionSet: the connlist rendering the corpus format defines, and set algebra on port ranges.
import * as assert from "node:assert/strict";
import { ConnectionSet } from "../src";

describe("ConnectionSet", () => {
  it("prints every port of TCP, UDP and SCTP as All Connections, and one full protocol as `TCP 1-65535`", () => {
    const full = ConnectionSet.allPortsOf("TCP").union(ConnectionSet.allPortsOf("UDP")).union(ConnectionSet.allPortsOf("SCTP"));
    assert.equal(full.toString(), "All Connections");
    assert.ok(full.isAll());
    assert.equal(ConnectionSet.allPortsOf("TCP").toString(), "TCP 1-65535");
  });

  it("prints protocols in SCTP, TCP, UDP order with ascending, merged ranges", () => {
    const set = ConnectionSet.of({ UDP: [9090], TCP: [8081, 8080, 9090], SCTP: [7070] });
    assert.equal(set.toString(), "SCTP 7070,TCP 8080-8081,9090,UDP 9090");
  });

  it("intersects and unions per protocol", () => {
    const a = ConnectionSet.of({ TCP: [[1000, 2000]], UDP: [53] });
    const b = ConnectionSet.of({ TCP: [[1500, 2500]], SCTP: [1] });
    assert.equal(a.intersect(b).toString(), "TCP 1500-2000");
    assert.equal(a.union(b).toString(), "SCTP 1,TCP 1000-2500,UDP 53");
    assert.ok(a.intersect(ConnectionSet.of({ UDP: [54] })).isEmpty());
    assert.ok(a.allows("UDP", 53) && !a.allows("TCP", 53));
  });

  it("serializes to JSON as inclusive ranges per protocol", () => {
    assert.deepEqual(ConnectionSet.of({ TCP: [443, [8000, 8001]] }).toJSON(), {
      TCP: [
        [443, 443],
        [8000, 8001],
      ],
    });
  });
});
