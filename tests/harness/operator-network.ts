/** What every operator namespace's allow policy must say: DNS to the configured resolver, HTTPS outside the pod network. */
import { strict as assert } from "node:assert";
import type { StackRun } from ".";

/** The parts of a NetworkPolicy spec the assertions read. */
export interface NetpolSpec {
  podSelector: unknown;
  policyTypes: string[];
  ingress?: unknown[];
  egress: Array<{ to: Array<{ ipBlock?: { cidr: string; except: string[] }; namespaceSelector?: unknown; podSelector?: unknown }>; ports: unknown[] }>;
}

/** An operator namespace's egress: the configured cluster DNS on 53, and TCP 443 anywhere except the pod network. */
export function assertOperatorEgress(spec: NetpolSpec, run: StackRun): void {
  assert.ok(spec.policyTypes.includes("Egress"));
  const dns = run.config.network.dns;
  assert.deepEqual(spec.egress, [
    {
      to: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": dns.namespace } }, podSelector: { matchLabels: dns.podLabels } }],
      ports: [
        { protocol: "UDP", port: 53 },
        { protocol: "TCP", port: 53 },
      ],
    },
    { to: [{ ipBlock: { cidr: "0.0.0.0/0", except: run.config.cluster.podCidrs } }], ports: [{ protocol: "TCP", port: 443 }] },
  ]);
}
