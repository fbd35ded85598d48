/**
 * InternalCa: the platform's private root CA, a key and a self-signed CA certificate from @pulumi/tls.
 * The certificate is public (a stack output clients trust); the key only ever exists as a Pulumi secret.
 */
import * as pulumi from "@pulumi/pulumi";
import * as tls from "@pulumi/tls";
import { caCertificateArgs, caKeyArgs, type CaSettings } from "./internal-ca-manifests";

/** Arguments of {@link InternalCa}. */
export interface InternalCaArgs {
  /** Algorithm, validity and subject of the CA (config `tls.ca`). */
  ca: CaSettings;
  /** Protect the key from deletion: replacing it invalidates every certificate the CA has issued. */
  protect: boolean;
}

/** The internal CA's key pair. */
export class InternalCa extends pulumi.ComponentResource {
  /** PEM of the CA certificate (not secret). */
  readonly certificatePem: pulumi.Output<string>;
  /** PEM of the CA private key, always a Pulumi secret. */
  readonly privateKeyPem: pulumi.Output<string>;

  constructor(name: string, args: InternalCaArgs, opts?: pulumi.ComponentResourceOptions) {
    super("ecommerce:security:InternalCa", name, {}, opts);
    const key = new tls.PrivateKey(`${name}-key`, caKeyArgs(args.ca), {
      parent: this,
      protect: args.protect,
      additionalSecretOutputs: ["privateKeyPem", "privateKeyPemPkcs8", "privateKeyOpenssh"],
    });
    // Wrapped again so the key is secret wherever it flows, whatever the provider or engine reports.
    this.privateKeyPem = pulumi.secret(key.privateKeyPem);
    const cert = new tls.SelfSignedCert(`${name}-cert`, { privateKeyPem: this.privateKeyPem, ...caCertificateArgs(args.ca) }, { parent: this });
    this.certificatePem = cert.certPem;
    this.registerOutputs({ certificatePem: this.certificatePem });
  }
}
