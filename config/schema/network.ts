/** `network`: the platform peers outside the catalog and the external destinations the catalog names. */
import { z } from "zod";
import { dnsLabel, ipv4Cidr } from "./primitives";

const peer = (namespace: string, labels: Record<string, string>) =>
  z
    .strictObject({
      /** Namespace the peer's pods run in. */
      namespace: dnsLabel.default(namespace),
      /** Labels selecting the peer's pods. */
      podLabels: z.record(z.string(), z.string()).default(labels),
    })
    .prefault({});

export const networkSchema = z
  .strictObject({
    /** The ingress controller: the only peer allowed to reach the edge (api-gateway). */
    ingressController: peer("ingress-nginx", { "app.kubernetes.io/name": "ingress-nginx" }),
    /** The monitoring scraper (Prometheus). */
    monitoring: peer("monitoring", { "app.kubernetes.io/name": "prometheus" }),
    /** Cluster DNS: the only DNS egress target. */
    dns: peer("kube-system", { "k8s-app": "kube-dns" }),
    /** CIDRs of each named external destination (`external[].name` in the catalog); unlisted means the internet minus private ranges. */
    externalCidrs: z.record(dnsLabel, z.array(ipv4Cidr).min(1)).default({}),
  })
  .prefault({});

export type NetworkConfig = z.infer<typeof networkSchema>;
