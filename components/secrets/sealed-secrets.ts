/**
 * SealedSecrets: the sealed-secrets controller with our own sealing keys. Each key generation is an RSA key and a
 * self-signed certificate from @pulumi/tls, stored as the `kubernetes.io/tls` Secret the controller loads; the
 * newest generation's certificate is what `kubeseal --cert` seals with, offline.
 */
import type * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as tls from "@pulumi/tls";
import type { ChartsConfig } from "../../core/config/charts";
import { sealedSecretsValues, type ResourceSettings } from "./chart-values";
import { SEALING_CERT_SUBJECT, sealingKeySecretManifest } from "./sealing-key";
import { hardenedRelease } from "../../core/helm-release";
import { createObject } from "../../core/kubernetes-object";

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
}

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
      // The keys exist before the controller starts: with none labelled active it would generate its own.
      this.release = hardenedRelease(
        `${name}-controller`,
        {
          chart: "sealed-secrets",
          namespace: args.namespace,
          values: sealedSecretsValues({ keyRenewPeriod: args.keyRenewPeriod, serviceMonitor: args.serviceMonitor, resources: args.resources }),
          overrides: args.charts,
        },
        { parent: this, dependsOn: keySecrets },
      );
    }

    this.certificatePem = newestCertificate;
    this.registerOutputs({ certificatePem: this.certificatePem });
  }
}
