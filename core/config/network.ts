/** `network`: the platform peers outside the catalog and the external destinations the catalog names. */
import { z } from "zod";
import { dnsLabel, ipv4Cidr, portNumber } from "./primitives";

/** A peer outside the catalog: where its pods run, how they are labelled and (for mesh principals) their ServiceAccount. */
const peer = (namespace: string, labels: Record<string, string>, serviceAccount?: string) =>
  z
    .strictObject({
      /** Namespace the peer's pods run in (selected by its `kubernetes.io/metadata.name` label). */
      namespace: dnsLabel.default(namespace),
      /** Labels selecting the peer's pods (ANDed with the namespace in every NetworkPolicy peer). */
      podLabels: z
        .record(z.string(), z.string())
        .refine((l) => Object.keys(l).length > 0, "must name at least one label")
        .default(labels),
      /** ServiceAccount of the peer's pods: its Istio principal is `<mesh.trustDomain>/ns/<namespace>/sa/<serviceAccount>`. */
      serviceAccount: serviceAccount === undefined ? dnsLabel.optional() : dnsLabel.default(serviceAccount),
    })
    .prefault({});

export const networkSchema = z
  .strictObject({
    /** The ingress controller: the only peer allowed to reach the edge (the catalog's `calledBy: ingress-controller` ports). */
    ingressController: peer("ingress-nginx", { "app.kubernetes.io/name": "ingress-nginx" }, "ingress-nginx"),
    /** The monitoring scraper (Prometheus): only the ports the catalog lists under `calledBy: monitoring`. */
    monitoring: peer("monitoring", { "app.kubernetes.io/name": "prometheus" }, "prometheus"),
    /** Cluster DNS: the only DNS egress target (UDP and TCP 53). */
    dns: peer("kube-system", { "k8s-app": "kube-dns" }),
    /**
     * CIDRs of each named external destination (`external[].name` in the catalog). They take precedence over the
     * catalog entry's own `cidrs`; with neither, the destination is "the internet": 0.0.0.0/0 minus the private,
     * shared, link-local and loopback ranges and the cluster's pod, service and node ranges.
     */
    externalCidrs: z.record(dnsLabel, z.array(ipv4Cidr).min(1)).default({}),
    /**
     * The Kubernetes API server as the operators' pods reach it: the addresses of its endpoints after the `kubernetes`
     * Service is translated (on EKS, the control plane's network interfaces in the VPC's subnets) and their ports. The
     * only private destination every operator may reach besides cluster DNS; on the internet the public endpoint is
     * reached like any HTTPS host.
     */
    apiServer: z
      .strictObject({
        /** Endpoint ranges; `cluster.nodeCidrs` when omitted (one of the two is required). Never the pod network. */
        cidrs: z.array(ipv4Cidr).min(1).optional(),
        /** Endpoint ports: 443 on EKS, 6443 on kubeadm-style clusters. */
        ports: z.array(portNumber).min(1).default([443]),
      })
      .prefault({}),
    /**
     * Ranges of the VPC interface endpoints the operators call instead of the public AWS endpoints (STS, S3, ECR,
     * Secrets Manager, KMS): reachable on 443 by every operator that reaches HTTPS on the internet. Empty: none.
     */
    vpcEndpoints: z.array(ipv4Cidr).default([]),
  })
  .prefault({});

export type NetworkConfig = z.infer<typeof networkSchema>;
