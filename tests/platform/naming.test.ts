// The `naming` section: the architecture document's names by default, the separated layout in one line, any single
// name set on top of either, and clear errors for names Kubernetes or the platform would refuse.
import { strict as assert } from "node:assert";
import { NAMING_LAYOUTS } from "../../core/config/naming";
import { parseStackConfig } from "../../platform/config/parse";
import { configErrorOf, stackConfigWith } from "../harness/config";
import { readStackFile } from "../../platform/offline/stack-file";

/** Staging's file without its `naming` key: what a stack that says nothing gets. */
function stagingWithoutNaming() {
  const raw = readStackFile("staging");
  assert.ok("ecommerce-security:naming" in raw.values, "staging chooses its names explicitly");
  const values = Object.fromEntries(Object.entries(raw.values).filter(([k]) => k !== "ecommerce-security:naming"));
  return parseStackConfig({ ...raw, values });
}

describe("naming", () => {
  it("a stack that says nothing gets the architecture document's names", () => {
    const c = stagingWithoutNaming();
    const { layout, ...names } = c.naming;
    assert.equal(layout, "document");
    assert.deepEqual(names, NAMING_LAYOUTS.document);
    const gateway = c.catalog.find((s) => s.name === "api-gateway")!;
    assert.deepEqual(
      [gateway.namespace, gateway.serviceAccount, gateway.selectorLabel, gateway.configMaps, gateway.secretKeys?.["jwt-secret"]],
      ["e-commerce", "gateway-sa", "app", ["gateway-config"], ["JWT_SECRET"]],
    );
    assert.equal(c.catalog.find((s) => s.name === "orders-mysql")!.secrets[0], "mysql-secret");
    assert.equal(c.secrets.registry?.secretName, "harbor-pull-secret");
    assert.equal(c.secrets.aws?.jwtPublicKeySecretName, "jwt-secret");
  });

  it("layout: separated moves the data stores to ecommerce-data and selects on app.kubernetes.io/name", () => {
    const c = stackConfigWith("staging", { naming: { layout: "separated" } });
    assert.deepEqual(
      [...new Set(c.catalog.map((s) => `${s.namespace} ${s.selectorLabel}`))],
      ["ecommerce app.kubernetes.io/name", "ecommerce-data app.kubernetes.io/name"],
    );
    assert.ok(c.catalog.every((s) => s.serviceAccount === s.name));
    assert.equal(c.secrets.registry?.secretName, "registry-pull-secret");
    assert.equal(c.secrets.aws?.jwtPublicKeySecretName, "jwt-public-key");
  });

  it("each name can be set on top of a layout, and an explicit secrets key wins over the layout's default", () => {
    const c = stackConfigWith("staging", {
      naming: { layout: "separated", selectorLabel: "app", dataNamespace: "shop-data", gatewayServiceAccount: "edge" },
      secrets: { registry: { server: "registry.shop.example.com", secretName: "quay-pull" } },
    });
    assert.ok(c.catalog.every((s) => s.selectorLabel === "app"));
    assert.equal(c.catalog.find((s) => s.name === "minio")!.namespace, "shop-data");
    assert.equal(c.catalog.find((s) => s.name === "orders-service")!.namespace, "ecommerce");
    assert.equal(c.catalog.find((s) => s.name === "api-gateway")!.serviceAccount, "edge");
    assert.equal(c.secrets.registry?.secretName, "quay-pull");
  });

  it("a layout that does not exist is refused, listing the layouts", () => {
    const err = configErrorOf(() => stackConfigWith("staging", { naming: { layout: "legacy" } }));
    assert.match(err.message, /Pulumi\.staging\.yaml: ecommerce-security:naming\.layout: .*"document".*"separated"/);
  });

  it("a selector label Kubernetes would refuse, or one the platform uses for something else, is refused", () => {
    assert.match(
      configErrorOf(() => stackConfigWith("staging", { naming: { selectorLabel: "my app" } })).message,
      /naming\.selectorLabel: must be a Kubernetes label key such as app or app\.kubernetes\.io\/name \(got "my app"\)/,
    );
    assert.match(
      configErrorOf(() => stackConfigWith("staging", { naming: { selectorLabel: "tier" } })).message,
      /naming\.selectorLabel: must not be tier or incident/,
    );
  });

  it("orders-service's MySQL login cannot be the store's own Secret", () => {
    const err = configErrorOf(() => stackConfigWith("staging", { naming: { ordersDbSecret: "mysql-secret" } }));
    assert.match(err.message, /naming\.ordersDbSecret: must differ from mysqlSecret \(mysql-secret\): the store's own passwords must not reach its client/);
  });

  it("a JWT secret written to AWS that no catalog service reads is refused, pointing at naming.jwtSecret", () => {
    const err = configErrorOf(() => stackConfigWith("staging", { secrets: { aws: { region: "eu-west-1", jwtPublicKeySecretName: "jwt-verify" } } }));
    assert.match(
      err.message,
      /secrets\.aws\.jwtPublicKeySecretName: is no secret of the catalog's services, so no service would receive it; name it in naming\.jwtSecret too/,
    );
  });
});
