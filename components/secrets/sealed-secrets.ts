/**
 * SealedSecrets: the sealed-secrets controller with our own sealing keys. Each key generation is an RSA key and a
 * self-signed certificate from @pulumi/tls, stored as the `kubernetes.io/tls` Secret the controller loads; the
 * newest generation's certificate is what `kubeseal --cert` seals with, offline.
 */
import type * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as tls from "@pulumi/tls";
import type { RegistryMirror } from "../../core/chart-images";
import type { ChartsConfig } from "../../core/config/charts";
import type { OperatorDestinations } from "../../core/cluster-ranges";
import { sealedSecretsValues, type ResourceSettings } from "./chart-values";
import { SEALING_CERT_SUBJECT, sealingKeySecretManifest } from "./sealing-key";
import { hardenedRelease } from "../../core/helm-release";
import { operatorNetworkPolicyManifests, type PeerPods } from "../../core/operator-network-policy";
import { RELEASES } from "./policy-exceptions";
import { createObject } from "../../core/kubernetes-object";
import { isolationPolicyManifest } from "../../core/zero-trust/isolation-policy";

/** Arguments of {@link SealedSecrets}. */
export interface SealedSecretsArgs {
  /** Namespace of the controller and its keys (kube-system is where kubeseal looks by default). */
  namespace: string;
  /** Key generations, oldest first; the last one seals. */
  keyGenerations: string[];
  /** RSA key size. */
  rsaBits: number;
  /** Validity of each certificate, in hours. */
  certificateValidityHours: number;
  /** The controller's own key renewal period; "0" keeps only ours. */
  keyRenewPeriod: string;
  /** Create a ServiceMonitor. */
  serviceMonitor: boolean;
  /** Requests and limits of the controller. */
  resources: ResourceSettings;
  /** Create the sealing keys (needs the TLS provider: capabilities.tls). */
  createKeys: boolean;
  /** Install the controller (capabilities.helm). */
  installController: boolean;
  /** The stack's chart overrides. */
  charts: ChartsConfig;
  /** `images.registryMirror`: the controller image is pulled through it when set. */
  registryMirror: RegistryMirror;
  /**
   * Pod ranges, where the controller may connect (the API server only), cluster DNS and the metrics scraper: the
   * controller's NetworkPolicy (its namespace has no default-deny of ours).
   */
  network: { podCidrs: string[]; destinations: OperatorDestinations; dns: PeerPods; monitoring: PeerPods };
  /**
   * Create `incident-isolation` in the controller's namespace: when the stack does not declare it (kube-system), no
   * default-deny and no isolation policy of the network concern covers it.
   */
  isolationPolicy: boolean;
}

/** Port of the controller's HTTP API (kubeseal reaches it through the API server's service proxy). */
export const SEALED_SECRETS_HTTP_PORT = 8080;
/** Port of the controller's metrics. */
export const SEALED_SECRETS_METRICS_PORT = 8081;
/** The labels the chart puts on the controller's pods (the release being `sealed-secrets`). */
export const SEALED_SECRETS_POD_LABELS = { "app.kubernetes.io/name": "sealed-secrets", "app.kubernetes.io/instance": RELEASES.sealedSecrets };

/** Sealed Secrets controller and our sealing keys. */
export class SealedSecrets extends pulumi.ComponentResource {
  /** PEM certificate of the newest sealing key (for `kubeseal --cert`); undefined when the keys are not created here. */
  readonly certificatePem: pulumi.Output<string> | undefined;
  /** The controller release, when installed. */
  readonly release?: k8s.helm.v3.Release;

  constructor(name: string, args: SealedSecretsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("ecommerce:security:SealedSecrets", name, {}, opts);

    const keySecrets: pulumi.Resource[] = [];
    let newestCertificate: pulumi.Output<string> | undefined;
    if (args.createKeys) {
      for (const generation of args.keyGenerations) {
        const key = new tls.PrivateKey(
          `${name}-key-${generation}`,
          { algorithm: "RSA", rsaBits: args.rsaBits },
          { parent: this, additionalSecretOutputs: ["privateKeyPem", "privateKeyPemPkcs8", "privateKeyOpenssh"] },
        );
        const cert = new tls.SelfSignedCert(
          `${name}-cert-${generation}`,
          {
            privateKeyPem: key.privateKeyPem,
            subject: { ...SEALING_CERT_SUBJECT },
            validityPeriodHours: args.certificateValidityHours,
            allowedUses: ["key_encipherment", "digital_signature"],
            isCaCertificate: false,
          },
          { parent: this },
        );
        keySecrets.push(
          createObject(sealingKeySecretManifest(args.namespace, generation, pulumi.secret(cert.certPem), pulumi.secret(key.privateKeyPem)), { parent: this }),
        );
        newestCertificate = cert.certPem;
      }
    }

    if (args.installController) {
      // The controller's namespace (kube-system by default) is not one of the platform's, so it has no default-deny:
      // these policies select the controller's pods only and isolate them, letting in the API server (kubeseal's
      // service proxy) and the scraper, and out DNS and the API server.
      const network = operatorNetworkPolicyManifests({
        namespace: args.namespace,
        name: "sealed-secrets-controller",
        component: "secrets",
        podSelector: SEALED_SECRETS_POD_LABELS,
        podCidrs: args.network.podCidrs,
        destinations: args.network.destinations,
        // The controller talks to the API server only: no internet, no VPC endpoint.
        internetPorts: [],
        dns: args.network.dns,
        apiServerIngress: { pods: SEALED_SECRETS_POD_LABELS, ports: [SEALED_SECRETS_HTTP_PORT] },
        metrics: args.serviceMonitor ? { scraper: args.network.monitoring, pods: SEALED_SECRETS_POD_LABELS, ports: [SEALED_SECRETS_METRICS_PORT] } : undefined,
      }).map((policy) => createObject(policy, { parent: this }));
      // Those policies never select a pod labelled incident=isolated; where the platform declares no default-deny
      // (kube-system), this policy is what still isolates it.
      if (args.isolationPolicy) network.push(createObject(isolationPolicyManifest(args.namespace, "secrets"), { parent: this }));
      // The keys exist before the controller starts: with none labelled active it would generate its own.
      this.release = hardenedRelease(
        `${name}-controller`,
        {
          chart: "sealed-secrets",
          namespace: args.namespace,
          values: sealedSecretsValues({
            keyRenewPeriod: args.keyRenewPeriod,
            serviceMonitor: args.serviceMonitor,
            resources: args.resources,
            registryMirror: args.registryMirror,
          }),
          overrides: args.charts,
        },
        { parent: this, dependsOn: [...keySecrets, ...network] },
      );
    }

    this.certificatePem = newestCertificate;
    this.registerOutputs({ certificatePem: this.certificatePem });
  }
}
