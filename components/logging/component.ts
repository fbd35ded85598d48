/**
 * Logging: Fluent Bit on every node and, unless `logging.mode` is external, Elasticsearch and Kibana in the
 * logging namespace, with TLS from the internal CA and credentials only as Pulumi secrets.
 */
import * as pulumi from "@pulumi/pulumi";
import { derivePassword } from "./credentials";
import { elasticsearchCertificate, elasticsearchManifests } from "./elasticsearch";
import { logStoreEndpoint } from "./endpoint";
import { fluentBitManifests } from "./fluent-bit";
import { kibanaManifests } from "./kibana";
import { DEFAULT_TLS_SECRET } from "./names";
import { loggingNetworkPolicies, type PodPeer } from "./network-policies";
import { apiServerRanges, nonInternetRanges } from "./cluster-ranges";
import { securitySetupManifests } from "./security-setup";
import { createObject, type Manifest } from "../../core/kubernetes-object";
import type { PlatformContext } from "../../platform/platform";

/** Arguments of {@link Logging}. */
export interface LoggingArgs {
  /** The platform context (config, namespaces, providers). */
  ctx: PlatformContext;
  /** Pods outside the logging namespace that query Elasticsearch (the GDPR retention job); allowed in by NetworkPolicy. */
  elasticsearchClients?: PodPeer[];
  /** What the internal-CA Certificate must wait for (the cert-manager release and the `internal-ca-issuer`). */
  certificateDependsOn?: pulumi.Input<pulumi.Resource>[];
  /** ClusterIssuer of the internal CA. */
  internalIssuer?: string;
}

const defaults = { internalIssuer: "internal-ca-issuer", elasticsearchClients: [] as PodPeer[] } as const;

/** Centralized logging. */
export class Logging extends pulumi.ComponentResource {
  /** Namespace of the logging stack. */
  readonly namespace: string;
  /** URL of the log store (in-cluster Service or the external endpoint). */
  readonly endpointUrl: string;

  constructor(name: string, args: LoggingArgs, opts?: pulumi.ComponentResourceOptions) {
    super("ecommerce:security:Logging", name, {}, opts);
    const a = { ...defaults, ...args };
    const config = a.ctx.config;
    const l = config.logging;
    const ns = l.namespace;
    const namespace = a.ctx.namespaces.get(ns)?.namespace;
    const inside = { parent: this, dependsOn: namespace ? [namespace] : [] };
    const create = (m: Manifest, extra: pulumi.CustomResourceOptions = {}) =>
      createObject(m, { ...inside, ...extra, dependsOn: [...inside.dependsOn, ...((extra.dependsOn as pulumi.Resource[] | undefined) ?? [])] });

    const master = config.credentials.elasticsearchPassword;
    if (!master) throw new Error("elasticsearchPassword: is required (as a secret) when features.logging is on");
    const derived = (label: Parameters<typeof derivePassword>[1]) => pulumi.secret(master.apply((p) => derivePassword(p, label)));
    const endpoint = logStoreEndpoint(l);
    const tlsSecretName = l.elasticsearch.tlsSecretName ?? DEFAULT_TLS_SECRET;
    this.namespace = ns;
    this.endpointUrl = endpoint.url;

    const storeReady: pulumi.Resource[] = [];
    if (endpoint.inCluster) {
      const tls: pulumi.Resource[] = [];
      if (!l.elasticsearch.tlsSecretName) {
        tls.push(create(elasticsearchCertificate(ns, a.internalIssuer), { dependsOn: (a.certificateDependsOn ?? []) as pulumi.Resource[] }));
      }
      const es = elasticsearchManifests({
        namespace: ns,
        replicas: l.elasticsearch.replicas,
        storageSize: l.elasticsearch.storageSize,
        storageClass: l.elasticsearch.storageClass,
        image: l.elasticsearch.image,
        cpu: l.elasticsearch.cpu,
        memory: l.elasticsearch.memory,
        heap: l.elasticsearch.heap,
        elasticPassword: master,
        tlsSecretName,
        retainVolumes: config.protect,
      });
      const esInputs = [create(es.secret), create(es.serviceAccount), create(es.configMap), create(es.service), create(es.headless)];
      const statefulSet = create(es.statefulSet, { dependsOn: [...esInputs, ...tls], protect: config.protect });
      if (es.pdb) create(es.pdb);
      storeReady.push(statefulSet);

      const setup = securitySetupManifests({
        namespace: ns,
        image: l.elasticsearch.image,
        indexPrefix: l.indexPrefix,
        retentionDays: l.retentionDays,
        indexReplicas: l.elasticsearch.replicas > 1 ? 1 : 0,
        kibanaSystemPassword: derived("kibana_system"),
        writerPassword: derived("fluent-bit"),
        retentionPassword: derived("gdpr-retention"),
        tlsSecretName,
      });
      const setupJob = create(setup.job, { dependsOn: [create(setup.secret), create(setup.configMap), statefulSet] });
      storeReady.push(setupJob);

      const encryptionKey = config.credentials.kibanaEncryptionKey;
      if (!encryptionKey) throw new Error("kibanaEncryptionKey: is required (as a secret) when logging.mode is in-cluster");
      const kibana = kibanaManifests({
        namespace: ns,
        image: l.elasticsearch.kibanaImage,
        kibanaSystemPassword: derived("kibana_system"),
        encryptionKey,
        securityKey: pulumi.secret(encryptionKey.apply((k) => derivePassword(k, "kibana-security"))),
        reportingKey: pulumi.secret(encryptionKey.apply((k) => derivePassword(k, "kibana-reporting"))),
        tlsSecretName,
      });
      const kibanaInputs = [create(kibana.secret), create(kibana.serviceAccount), create(kibana.configMap), create(kibana.service)];
      create(kibana.deployment, { dependsOn: [...kibanaInputs, setupJob] });
    }

    const fb = fluentBitManifests({
      namespace: ns,
      endpoint,
      image: l.fluentBitImage,
      indexPrefix: l.indexPrefix,
      memBufLimit: l.fluentBit.memBufLimit,
      storageLimit: l.fluentBit.storageLimit,
      retryLimit: l.fluentBit.retryLimit,
      flushSeconds: l.fluentBit.flushSeconds,
      password: endpoint.inCluster ? derived("fluent-bit") : master,
      tlsSecretName,
    });
    const rbac = [create(fb.serviceAccount), create(fb.clusterRole), create(fb.clusterRoleBinding)];
    create(fb.daemonSet, { dependsOn: [...rbac, create(fb.configMap), create(fb.secret), ...storeReady] });

    for (const policy of loggingNetworkPolicies({
      namespace: ns,
      endpoint,
      dns: config.network.dns,
      monitoring: config.network.monitoring,
      elasticsearchClients: a.elasticsearchClients,
      apiServerCidrs: apiServerRanges(config.cluster),
      clusterCidrs: nonInternetRanges(config.cluster),
    })) {
      create(policy);
    }
    this.registerOutputs({ namespace: this.namespace, endpointUrl: this.endpointUrl });
  }
}
