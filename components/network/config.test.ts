// Configuration mistakes that would weaken the zero-trust rules are refused before anything is rendered.
import { strict as assert } from "node:assert";
import { configErrorWith } from "../../tests/harness/config";

const configErrorOf = (overrides: Record<string, unknown>) => configErrorWith("staging", overrides);

describe("zero-trust configuration checks", () => {
  it("two services sharing a ServiceAccount in one namespace are refused: each service needs its own identity", () => {
    const err = configErrorOf({ services: { "auth-service": { serviceAccount: "gateway-sa" } } });
    assert.match(
      err.message,
      /Pulumi\.staging\.yaml: ecommerce-security:services\.auth-service\.serviceAccount: is already the ServiceAccount of api-gateway in namespace e-commerce; each service needs its own identity \(got "gateway-sa"\)/,
    );
  });

  it("CIDRs for an external destination no service calls are refused, naming the known destinations", () => {
    const err = configErrorOf({ network: { externalCidrs: { "payment-provder": ["198.51.100.0/24"] } } });
    assert.match(
      err.message,
      /ecommerce-security:network\.externalCidrs\.payment-provder: no service's external\[\] names this destination; known: payment-provider/,
    );
  });

  it("a platform peer selected by no label is refused (it would select every pod of its namespace)", () => {
    const err = configErrorOf({ network: { monitoring: { podLabels: {} } } });
    assert.match(err.message, /ecommerce-security:network\.monitoring\.podLabels: must name at least one label/);
  });
});
