/** SecureNamespace: a Namespace with Pod Security labels, default-deny NetworkPolicy, ResourceQuota and LimitRange. */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import {
  defaultDenyManifest,
  limitRangeManifest,
  namespaceManifest,
  resourceQuotaManifest,
  type LimitRangeSpec,
  type NamespaceSpec,
  type QuotaSpec,
} from "./manifests";
import { createObject } from "../../core/kubernetes-object";

/** Arguments of {@link SecureNamespace}. */
export interface SecureNamespaceArgs extends NamespaceSpec {
  /** ResourceQuota of the namespace. */
  quota: QuotaSpec;
  /** LimitRange defaults of the namespace. */
  limitRange: LimitRangeSpec;
  /** Protect the Namespace from deletion (namespaces holding data in production). */
  protect?: boolean;
}

/** A namespace that is safe before anything is deployed in it. */
export class SecureNamespace extends pulumi.ComponentResource {
  /** The Namespace resource: depend on it before creating objects inside. */
  readonly namespace: k8s.core.v1.Namespace;
  /** The namespace name. */
  readonly name: pulumi.Output<string>;

  constructor(name: string, args: SecureNamespaceArgs, opts?: pulumi.ComponentResourceOptions) {
    super("ecommerce:security:SecureNamespace", name, {}, opts);
    this.namespace = createObject(namespaceManifest(args), { parent: this, protect: args.protect }) as k8s.core.v1.Namespace;
    const inside = { parent: this, dependsOn: [this.namespace] };
    createObject(defaultDenyManifest(args.name), inside);
    createObject(resourceQuotaManifest(args.name, args.quota), inside);
    createObject(limitRangeManifest(args.name, args.limitRange), inside);
    this.name = this.namespace.metadata.name;
    this.registerOutputs({ name: this.name });
  }
}
