// The value types of the configuration, checked by libraries made for each grammar: what passes here, the
// component that reads it accepts too.
import { strict as assert } from "node:assert";
import type { z } from "zod";
import { chartsSchema } from "../../core/config/charts";
import { cron, goDurationWithin, hostname, hostOrAddress, ipv4Cidr } from "../../core/config/primitives";
import { tlsSchema } from "../../components/certificates/schema";

/** The messages a schema gives for a value; [] when it accepts it. */
const messages = (schema: z.ZodType, value: unknown) => {
  const r = schema.safeParse(value);
  return r.success ? [] : r.error.issues.map((i) => i.message);
};

describe("configuration value types", () => {
  it("cron: five fields in range, a date that exists, no Quartz extensions", () => {
    for (const ok of ["0 1 * * *", "*/15 * * * MON-FRI", "30 3 1,15 * *", "@daily"]) assert.deepEqual(messages(cron, ok), [], ok);
    assert.match(messages(cron, "60 1 * * *")[0], /invalid value for minute: 60/);
    assert.match(messages(cron, "0 0 1 * * *")[0], /requires exactly 5 parts/);
    assert.match(messages(cron, "0 1 * *")[0], /five-field cron expression/);
    assert.match(messages(cron, "0 1 L * *")[0], /L, W or # \(Quartz extensions\)/);
    assert.match(messages(cron, "0 1 * * 5#2")[0], /Quartz extensions/);
    assert.deepEqual(messages(cron, "0 1 31 2 *"), ["never runs: no date matches its day and month"]);
  });

  it("CIDRs: dotted decimal, a prefix up to 32, no host bits", () => {
    for (const ok of ["10.0.0.0/8", "0.0.0.0/0", "203.0.113.7/32"]) assert.deepEqual(messages(ipv4Cidr, ok), [], ok);
    assert.deepEqual(messages(ipv4Cidr, "10.100.0.1/16"), ["has host bits set; use the network address 10.100.0.0/16"]);
    assert.deepEqual(messages(ipv4Cidr, "10.0.0.0/33"), ["must be an IPv4 CIDR such as 10.0.0.0/16"]);
    assert.match(messages(ipv4Cidr, "010.0.0.0/8")[0], /dotted decimal/);
  });

  it("durations: longer than zero, within a component's bounds", () => {
    const certificate = goDurationWithin({ min: "1h", why: "cert-manager's minimum" });
    assert.deepEqual(messages(certificate, "90m"), []);
    assert.deepEqual(messages(certificate, "0h0m"), ["must be longer than 0s"]);
    assert.deepEqual(messages(certificate, "30m"), ["must be at least 1h (cert-manager's minimum)"]);
    assert.deepEqual(messages(certificate, "1d"), ["must be a duration such as 1h, 30m or 2160h"]);
    assert.deepEqual(messages(goDurationWithin({ max: "24h" }), "25h"), ["must be at most 24h"]);
  });

  it("cert-manager's bounds: a certificate lasts at least 1h and renews at least 5m before expiry", () => {
    const tls = (certificates: Record<string, unknown>) => messages(tlsSchema, { acmeEmail: "a@example.com", certificates });
    assert.deepEqual(tls({ duration: "30m", renewBefore: "10m" }), ["must be at least 1h (cert-manager's minimum certificate duration)"]);
    assert.deepEqual(tls({ renewBefore: "1m" }), ["must be at least 5m (cert-manager's minimum renewBefore)"]);
    assert.deepEqual(tls({ duration: "2h", renewBefore: "30m" }), []);
  });

  it("DNS names and hosts: lowercase labels and a top-level domain, checked as DNS names rather than by a pattern", () => {
    for (const ok of ["shop.example.com", "xn--bcher-kva.example", "cluster.local"]) assert.deepEqual(messages(hostname, ok), [], ok);
    for (const bad of ["Shop.example.com", "shop", "shop_1.example.com", "-a.example.com", "shop..example.com", "a.b.c1"]) {
      assert.deepEqual(messages(hostname, bad), ["must be a lowercase DNS name such as shop.example.com"], bad);
    }
    assert.deepEqual(messages(hostOrAddress, "10.0.0.25"), []);
    assert.equal(messages(hostOrAddress, "smtp").length, 1);
  });

  it("chart repositories are https:// or oci:// URLs, or local folders of chart packages", () => {
    assert.deepEqual(messages(chartsSchema, { velero: { repository: "oci://registry.example.com/charts" } }), []);
    assert.deepEqual(messages(chartsSchema, { velero: { repository: "https://vmware-tanzu.github.io/helm-charts" } }), []);
    for (const folder of ["../shared/charts", "./charts", "/srv/charts"])
      assert.deepEqual(messages(chartsSchema, { velero: { repository: folder } }), [], folder);
    const refused = ["must be an https:// or oci:// URL, or a local folder of chart packages (a path starting with /, ./ or ../)"];
    // A bare name would be read by Helm as a repository alias of the machine's own Helm configuration.
    for (const bad of ["http://charts.example.com", "https://", "shared/charts", "file:///srv/charts"]) {
      assert.deepEqual(messages(chartsSchema, { velero: { repository: bad } }), refused, bad);
    }
  });
});
