/**
 * Registry: the stack's own private registry, Harbor from the pinned chart, behind the shop's ingress controller with
 * the cert-manager certificate `harbor-tls`, its credentials from the Secret External Secrets syncs, its images on
 * claims or in S3 through an IRSA role, and its namespace closed to all but the flows its components need.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import type { PlatformHandles } from "../../core/handles";
import { hardenedRelease } from "../../core/helm-release";
import { CERTIFICATES_DEPENDENCY } from "../../core/internal-ca";
import { irsaTrustPolicy } from "../../core/irsa";
import { createObject } from "../../core/kubernetes-object";
import { componentLabels } from "../../core/labels";
import { harborCertificateManifest } from "./certificate";
import { harborValues } from "./harbor-values";
import { registryStoragePolicy } from "./iam-policy";
import { HARBOR_REGISTRY_SERVICE_ACCOUNT, HARBOR_RELEASE } from "./names";
import { harborNetworkPolicyManifests } from "./network-policies";
import type { ResolvedRegistry } from "./settings";

/** Arguments of {@link Registry}: the resolved registry settings and the handles it needs. */
export interface RegistryArgs {
  /** Resolved settings: every default already filled in by the resolve step (./settings). */
  settings: ResolvedRegistry;
  /** Providers and namespaces the platform owns. */
  handles: PlatformHandles;
}

/** Harbor, its certificate, its NetworkPolicies and, with S3 storage, its IRSA role. */
export class Registry extends pulumi.ComponentResource {
  /** The registry's public URL. */
  readonly url: string;
  /** The registry's IRSA role with S3 storage. */
  readonly roleArn?: pulumi.Output<string>;

  constructor(name: string, { settings, handles }: RegistryArgs, opts?: pulumi.ComponentResourceOptions) {
    super("ecommerce:security:Registry", name, {}, opts);
    const nsResource = handles.namespaces.get(settings.namespace)?.namespace;
    const inside = { parent: this, dependsOn: nsResource ? [nsResource] : [] };

    for (const policy of harborNetworkPolicyManifests({
      namespace: settings.namespace,
      dns: settings.network.dns,
      ingressController: settings.network.ingressController,
      destinations: settings.destinations,
      s3Storage: settings.storage.type === "s3",
    })) {
      createObject(policy, inside);
    }
    // The ClusterIssuer (and cert-manager's CRDs) come from the certificates concern; without it harbor-tls must exist.
    const certificate = settings.issueCertificate
      ? [
          createObject(harborCertificateManifest({ namespace: settings.namespace, host: settings.host, issuer: settings.issuer }), {
            parent: this,
            dependsOn: [...inside.dependsOn, ...(handles.dependencies.get(CERTIFICATES_DEPENDENCY) ?? [])],
          }),
        ]
      : [];

    const storageDependencies: pulumi.Resource[] = [];
    if (settings.storage.type === "s3" && settings.irsa && handles.aws) {
      const role = this.storageRole(name, settings, settings.storage, settings.irsa, handles.aws);
      this.roleArn = role.arn;
      storageDependencies.push(
        role,
        createObject(
          {
            apiVersion: "v1",
            kind: "ServiceAccount",
            metadata: {
              name: HARBOR_REGISTRY_SERVICE_ACCOUNT,
              namespace: settings.namespace,
              labels: componentLabels("registry"),
              // IRSA: the registry pods get a web-identity token for this role; no static AWS keys anywhere.
              annotations: { "eks.amazonaws.com/role-arn": role.arn },
            },
            automountServiceAccountToken: false,
          },
          inside,
        ),
      );
    }

    // The chart's internal PostgreSQL takes its password only from values: generated once by the random provider, whose
    // result is a secret output, so the Release's values are encrypted in the state (and the pack still reads them
    // unpacked, as @pulumi/policy hands secrets to rules).
    const databasePassword = new random.RandomPassword(`${name}-database-password`, { length: 32, special: false }, { parent: this }).result;
    hardenedRelease(
      `${name}-harbor`,
      {
        chart: "harbor",
        releaseName: HARBOR_RELEASE,
        namespace: settings.namespace,
        values: harborValues({
          host: settings.host,
          ingressClassName: settings.ingressClassName,
          storage: settings.storage,
          databaseSize: settings.databaseSize,
          credentialsSecret: settings.credentialsSecret,
          databasePassword,
          registryMirror: settings.registryMirror,
        }),
        overrides: settings.chartOverrides,
      },
      { parent: this, dependsOn: [...inside.dependsOn, ...certificate, ...storageDependencies] },
    );

    this.url = `https://${settings.host}`;
    this.registerOutputs({ url: this.url, roleArn: this.roleArn });
  }

  /** The IRSA role of the registry's ServiceAccount, allowed its bucket (and the bucket's key) only. */
  private storageRole(
    name: string,
    settings: ResolvedRegistry,
    storage: Extract<ResolvedRegistry["storage"], { type: "s3" }>,
    irsa: NonNullable<ResolvedRegistry["irsa"]>,
    provider: aws.Provider,
  ): aws.iam.Role {
    const awsOpts = { parent: this, provider };
    const role = new aws.iam.Role(
      `${name}-storage-role`,
      {
        name: `${irsa.clusterName}-harbor-registry`,
        description: `Harbor registry of ${irsa.clusterName}: images in s3://${storage.bucket}`,
        assumeRolePolicy: JSON.stringify(irsaTrustPolicy(irsa.oidcProviderArn, settings.namespace, HARBOR_REGISTRY_SERVICE_ACCOUNT)),
        maxSessionDuration: 3600,
        tags: { "app.kubernetes.io/part-of": "ecommerce-security", purpose: "harbor-registry" },
      },
      awsOpts,
    );
    new aws.iam.RolePolicy(
      `${name}-storage-policy`,
      {
        role: role.id,
        name: "harbor-registry-storage",
        policy: JSON.stringify(registryStoragePolicy({ bucketArn: `arn:aws:s3:::${storage.bucket}`, region: storage.region, kmsKeyArn: storage.kmsKeyArn })),
      },
      awsOpts,
    );
    return role;
  }
}
