/**
 * Logging: Fluent Bit on every node, alone in its own (privileged) namespace, and, unless `logging.mode` is external,
 * Elasticsearch and Kibana in the restricted logging namespace, with TLS from the internal CA and credentials only as
 * Pulumi secrets.
 */
import * as pulumi from "@pulumi/pulumi";
import type { PlatformHandles } from "../../core/handles";
import { CERTIFICATES_DEPENDENCY, INTERNAL_CA_CONFIGMAP, NAMESPACE_CA_KEY, ROOT_CA_KEY } from "../../core/internal-ca";
import { createObject, type Manifest } from "../../core/kubernetes-object";
import { derivePassword } from "../../core/derived-passwords";
import { elasticsearchCertificate, elasticsearchManifests, type CaSource } from "./elasticsearch";
import { fluentBitManifests } from "./fluent-bit";
import { kibanaCertificate, kibanaManifests } from "./kibana";
import { LogArchive } from "./log-archive";
import { loggingNetworkPolicies } from "./network-policies";
import { SETUP_FILES, securitySetupFiles, securitySetupManifests, type SetupFile } from "./security-setup";
import type { ResolvedLogging } from "./settings";

/** Arguments of {@link Logging}: the resolved logging settings and the handles it needs. */
export interface LoggingArgs {
  /** Resolved settings: every default already filled in by the resolve step. */
  settings: ResolvedLogging;
  /** The logging namespace, and what the internal-CA Certificate waits for (the `certificates` dependencies). */
  handles: PlatformHandles;
}

/** The setup Secret's files, each a Pulumi secret: curl's credentials for `elastic` and the bodies carrying the service users' passwords. */
function setupFiles(master: pulumi.Input<string>, derived: (label: Parameters<typeof derivePassword>[1]) => pulumi.Output<string>) {
  const files = pulumi
    .all([master, derived("kibana_system"), derived("fluent-bit")])
    .apply(([elastic, kibanaSystem, writer]) => securitySetupFiles({ elastic, kibanaSystem, writer }));
  return Object.fromEntries((Object.keys(SETUP_FILES) as SetupFile[]).map((f) => [f, pulumi.secret(files.apply((all) => all[f]))])) as Record<
    SetupFile,
    pulumi.Output<string>
  >;
}

/** Centralized logging. */
export class Logging extends pulumi.ComponentResource {
  /** Namespace of the logging stack. */
  readonly namespace: string;
  /** URL of the log store (in-cluster Service or the external endpoint). */
  readonly endpointUrl: string;

  constructor(name: string, { settings, handles }: LoggingArgs, opts?: pulumi.ComponentResourceOptions) {
    super("ecommerce:security:Logging", name, {}, opts);
    const ns = settings.namespace;
    const namespace = handles.namespaces.get(ns)?.namespace;
    const inside = { parent: this, dependsOn: namespace ? [namespace] : [] };
    const create = (m: Manifest, extra: pulumi.CustomResourceOptions = {}) =>
      createObject(m, { ...inside, ...extra, dependsOn: [...inside.dependsOn, ...((extra.dependsOn as pulumi.Resource[] | undefined) ?? [])] });

    const master = settings.elasticsearchPassword;
    const derived = (label: Parameters<typeof derivePassword>[1]) => pulumi.secret(pulumi.output(master).apply((p) => derivePassword(p, label)));
    const { endpoint, tlsSecretName, inCluster } = settings;
    this.namespace = ns;
    this.endpointUrl = endpoint.url;

    // The log archive's bucket, key and role (with AWS), before Elasticsearch is told the role.
    const archive = settings.archive;
    let archiveReady: pulumi.Resource[] = [];
    if (archive?.aws && handles.aws) {
      const logArchive = new LogArchive(
        `${name}-archive`,
        { settings: { ...archive, aws: archive.aws }, namespace: ns, provider: handles.aws },
        { parent: this },
      );
      archiveReady = logArchive.ready;
    }

    const storeReady: pulumi.Resource[] = [];
    if (inCluster) {
      const tls: pulumi.Resource[] = [];
      const kibanaTls: pulumi.Resource[] = [];
      const afterCertificates = { dependsOn: [...(handles.dependencies.get(CERTIFICATES_DEPENDENCY) ?? [])] };
      if (inCluster.issueCertificate) {
        tls.push(create(elasticsearchCertificate(ns), afterCertificates));
        kibanaTls.push(create(kibanaCertificate(ns), afterCertificates));
      }
      // Issued here: transport peers must chain to the logging namespace's own CA, and Kibana (Node.js, which trusts
      // only complete chains) verifies Elasticsearch against the root; provided: the Secret's ca.crt for both.
      const caOf = (key: string): CaSource =>
        inCluster.issueCertificate ? { kind: "configMap", name: INTERNAL_CA_CONFIGMAP, key } : { kind: "secret", name: tlsSecretName, key: "ca.crt" };
      const es = elasticsearchManifests({
        namespace: ns,
        replicas: inCluster.replicas,
        storageSize: inCluster.storageSize,
        storageClass: inCluster.storageClass,
        image: inCluster.image,
        cpu: inCluster.cpu,
        memory: inCluster.memory,
        heap: inCluster.heap,
        elasticPassword: master,
        tlsSecretName,
        transportCa: caOf(NAMESPACE_CA_KEY),
        retainVolumes: inCluster.protect,
        archive: archive ? { roleArn: archive.roleArn, region: archive.region } : undefined,
      });
      const esInputs = [create(es.secret), create(es.serviceAccount), create(es.configMap), create(es.service), create(es.headless)];
      const statefulSet = create(es.statefulSet, { dependsOn: [...esInputs, ...tls], protect: inCluster.protect });
      if (es.pdb) create(es.pdb);
      storeReady.push(statefulSet);

      const setup = securitySetupManifests({
        namespace: ns,
        image: inCluster.image,
        indexPrefix: settings.indexPrefix,
        retentionDays: settings.retentionDays,
        indexReplicas: inCluster.replicas > 1 ? 1 : 0,
        files: setupFiles(master, derived),
        tlsSecretName,
        archive: archive ? { bucketName: archive.bucketName, schedule: archive.schedule, retentionDays: archive.retentionDays } : undefined,
      });
      // The repository is registered (and verified) once the bucket, its lock and the role exist.
      const setupJob = create(setup.job, { dependsOn: [create(setup.secret), create(setup.configMap), statefulSet, ...archiveReady] });
      storeReady.push(setupJob);

      const encryptionKey = inCluster.kibanaEncryptionKey;
      const kibana = kibanaManifests({
        namespace: ns,
        image: inCluster.kibanaImage,
        kibanaSystemPassword: derived("kibana_system"),
        encryptionKey,
        securityKey: pulumi.secret(pulumi.output(encryptionKey).apply((k) => derivePassword(k, "kibana-security"))),
        reportingKey: pulumi.secret(pulumi.output(encryptionKey).apply((k) => derivePassword(k, "kibana-reporting"))),
        tlsSecretName: inCluster.kibanaTlsSecretName,
        elasticsearchCa: caOf(ROOT_CA_KEY),
      });
      const kibanaInputs = [create(kibana.secret), create(kibana.serviceAccount), create(kibana.configMap), create(kibana.service)];
      create(kibana.deployment, { dependsOn: [...kibanaInputs, ...kibanaTls, setupJob] });
    }

    // Fluent Bit in its own namespace; the internal CA's ConfigMap there (its trust anchor) comes with the certificates.
    const collectorNs = settings.fluentBit.namespace;
    const collectorNamespace = handles.namespaces.get(collectorNs)?.namespace;
    const trust = settings.fluentBit.elasticsearchCa && inCluster?.issueCertificate ? [...(handles.dependencies.get(CERTIFICATES_DEPENDENCY) ?? [])] : [];
    const inCollector = (m: Manifest, dependsOn: pulumi.Resource[] = []) =>
      createObject(m, { parent: this, dependsOn: [...(collectorNamespace ? [collectorNamespace] : []), ...dependsOn] });
    const fb = fluentBitManifests({
      ...settings.fluentBit,
      endpoint,
      indexPrefix: settings.indexPrefix,
      password: endpoint.inCluster ? derived("fluent-bit") : master,
    });
    const rbac = [inCollector(fb.serviceAccount), inCollector(fb.clusterRole), inCollector(fb.clusterRoleBinding)];
    inCollector(fb.daemonSet, [...rbac, inCollector(fb.configMap), inCollector(fb.secret), ...trust, ...storeReady]);

    for (const policy of loggingNetworkPolicies({ namespace: ns, collectorNamespace: collectorNs, endpoint, ...settings.network, archive: !!archive })) {
      (policy.metadata.namespace === collectorNs ? inCollector : create)(policy);
    }
    this.registerOutputs({ namespace: this.namespace, endpointUrl: this.endpointUrl });
  }
}
