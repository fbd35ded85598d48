/**
 * InternalCa: the platform's private root CA (a key and a self-signed CA certificate from @pulumi/tls) and, per
 * namespace that gets internal-CA certificates, an intermediate CA signed by it. The certificates are public (the root
 * is a stack output clients trust); the keys only ever exist as Pulumi secrets, and the root's never leaves the state:
 * a namespace's Issuer holds only its own intermediate.
 */
import * as pulumi from "@pulumi/pulumi";
import * as tls from "@pulumi/tls";
import { caCertificateArgs, caKeyArgs, intermediateCertificateArgs, intermediateSubject, type CaSettings } from "./internal-ca-manifests";

/** Arguments of {@link InternalCa}. */
export interface InternalCaArgs {
  /** Algorithm, validity and subject of the CA (config `tls.ca`); the intermediates use the same. */
  ca: CaSettings;
  /** Protect the root key from deletion: replacing it invalidates every certificate the CA has issued. */
  protect: boolean;
  /** The namespaces that each get an intermediate CA. */
  namespaces: readonly string[];
}

/** One namespace's intermediate CA. */
export interface IntermediateCa {
  /** PEM of the intermediate certificate (not secret). */
  certificatePem: pulumi.Output<string>;
  /** PEM of its private key, always a Pulumi secret. */
  privateKeyPem: pulumi.Output<string>;
}

const SECRET_KEY_OUTPUTS = ["privateKeyPem", "privateKeyPemPkcs8", "privateKeyOpenssh"];

/** The internal CA's root key pair and the namespaces' intermediates. */
export class InternalCa extends pulumi.ComponentResource {
  /** PEM of the root CA certificate (not secret). */
  readonly certificatePem: pulumi.Output<string>;
  /** The intermediate CA of each namespace. */
  readonly intermediates: ReadonlyMap<string, IntermediateCa>;

  constructor(name: string, args: InternalCaArgs, opts?: pulumi.ComponentResourceOptions) {
    super("ecommerce:security:InternalCa", name, {}, opts);
    const key = new tls.PrivateKey(`${name}-key`, caKeyArgs(args.ca), { parent: this, protect: args.protect, additionalSecretOutputs: SECRET_KEY_OUTPUTS });
    // Wrapped again so the key is secret wherever it flows, whatever the provider or engine reports.
    const rootKeyPem = pulumi.secret(key.privateKeyPem);
    const cert = new tls.SelfSignedCert(`${name}-cert`, { privateKeyPem: rootKeyPem, ...caCertificateArgs(args.ca) }, { parent: this });
    this.certificatePem = cert.certPem;

    const intermediates = new Map<string, IntermediateCa>();
    for (const namespace of args.namespaces) {
      const nsKey = new tls.PrivateKey(`${name}-${namespace}-key`, caKeyArgs(args.ca), { parent: this, additionalSecretOutputs: SECRET_KEY_OUTPUTS });
      const privateKeyPem = pulumi.secret(nsKey.privateKeyPem);
      const request = new tls.CertRequest(
        `${name}-${namespace}-request`,
        { privateKeyPem, subject: intermediateSubject(args.ca, namespace) },
        { parent: this },
      );
      const signed = new tls.LocallySignedCert(
        `${name}-${namespace}-cert`,
        { certRequestPem: request.certRequestPem, caPrivateKeyPem: rootKeyPem, caCertPem: cert.certPem, ...intermediateCertificateArgs(args.ca) },
        { parent: this },
      );
      intermediates.set(namespace, { certificatePem: signed.certPem, privateKeyPem });
    }
    this.intermediates = intermediates;
    this.registerOutputs({ certificatePem: this.certificatePem });
  }
}
