// What a rule may know about the rest of the resource set: the namespaces the stack (or the manifest set) declares
// and their labels, the NetworkPolicies of a namespace, service accounts and who is bound to roles, and resources by
// URN. Indexes are built on first use, so rules that never ask cost nothing.
import { fieldsOf, listOf } from "@ecommerce-security/pod-security";
import type { Fields, PolicyResource } from "./types";
import { containsUnknown, isUnknown } from "./unknown";

/** A namespace declared by a Namespace object of the set. */
export interface DeclaredNamespace {
  /** The namespace name. */
  name: string;
  /** Its labels; undefined when it has none; values may be UNKNOWN during preview. */
  labels: Fields | undefined;
  /** Whether the labels as a whole are unknown (computed during preview). */
  labelsUnknown: boolean;
  /** The Namespace resource. */
  resource: PolicyResource;
}

const RBAC_GROUP = "rbac.authorization.k8s.io";

/** The group of an apiVersion ("apps/v1" -> "apps", "v1" -> ""). */
export function apiGroupOf(apiVersion: string | null): string {
  if (apiVersion === null) return "";
  const slash = apiVersion.indexOf("/");
  return slash < 0 ? "" : apiVersion.slice(0, slash);
}

/** Whether a resource is a Kubernetes object of `kind` in API group `group` ("" for core). */
export function isKind(resource: PolicyResource, group: string, kind: string): boolean {
  return resource.manifest !== undefined && resource.ref.kind === kind && apiGroupOf(resource.ref.apiVersion) === group;
}

const stringOf = (value: unknown): string | undefined => (typeof value === "string" && !isUnknown(value) ? value : undefined);

/** The resource set rules judge a resource against. */
export class PolicyContext {
  private namespaceIndex?: Map<string, DeclaredNamespace>;
  private policiesByNamespace?: Map<string, PolicyResource[]>;
  private serviceAccountIndex?: Map<string, PolicyResource>;
  private bound?: { names: Set<string>; unknown: boolean };
  private urnIndex?: Map<string, PolicyResource>;

  /** @param resources every resource of the stack or manifest set (empty when a rule judges one resource alone). */
  constructor(readonly resources: readonly PolicyResource[] = []) {}

  /** The Namespace objects of the set, by name. */
  get namespaces(): ReadonlyMap<string, DeclaredNamespace> {
    if (this.namespaceIndex === undefined) {
      this.namespaceIndex = new Map();
      for (const r of this.resources) {
        if (!isKind(r, "", "Namespace")) continue;
        const metadata = fieldsOf(r.props.metadata);
        const name = stringOf(metadata?.name) ?? r.ref.name;
        this.namespaceIndex.set(name, { name, labels: fieldsOf(metadata?.labels), labelsUnknown: isUnknown(metadata?.labels), resource: r });
      }
    }
    return this.namespaceIndex;
  }

  /** The NetworkPolicies (networking.k8s.io) in a namespace. */
  networkPoliciesIn(namespace: string): readonly PolicyResource[] {
    if (this.policiesByNamespace === undefined) {
      this.policiesByNamespace = new Map();
      for (const r of this.resources) {
        if (!isKind(r, "networking.k8s.io", "NetworkPolicy") || r.ref.namespace === null) continue;
        const list = this.policiesByNamespace.get(r.ref.namespace) ?? [];
        list.push(r);
        this.policiesByNamespace.set(r.ref.namespace, list);
      }
    }
    return this.policiesByNamespace.get(namespace) ?? [];
  }

  /** The ServiceAccount object `name` in `namespace` (any namespace when null), when the set has it. */
  serviceAccount(namespace: string | null, name: string): PolicyResource | undefined {
    if (this.serviceAccountIndex === undefined) {
      this.serviceAccountIndex = new Map();
      for (const r of this.resources) {
        if (!isKind(r, "", "ServiceAccount")) continue;
        this.serviceAccountIndex.set(`${r.ref.namespace ?? ""}/${r.ref.name}`, r);
        if (!this.serviceAccountIndex.has(`*/${r.ref.name}`)) this.serviceAccountIndex.set(`*/${r.ref.name}`, r);
      }
    }
    return this.serviceAccountIndex.get(`${namespace ?? "*"}/${name}`);
  }

  /**
   * Whether a ServiceAccount is a subject of a RoleBinding or ClusterRoleBinding of the set: true, false, or
   * "unknown" when it is not bound by a known subject but some binding's subjects are unknown (preview).
   * A null namespace (a manifest without one) matches the name in any namespace.
   */
  isServiceAccountBound(namespace: string | null, name: string): boolean | "unknown" {
    if (this.bound === undefined) {
      const names = new Set<string>();
      let unknown = false;
      for (const r of this.resources) {
        if (!isKind(r, RBAC_GROUP, "RoleBinding") && !isKind(r, RBAC_GROUP, "ClusterRoleBinding")) continue;
        if (containsUnknown(r.props.subjects)) unknown = true;
        for (const subject of listOf(r.props.subjects)) {
          const s = fieldsOf(subject);
          const subjectName = stringOf(s?.name);
          if (s === undefined || s.kind !== "ServiceAccount" || subjectName === undefined) continue;
          // A RoleBinding's ServiceAccount subject without a namespace means the binding's own namespace.
          const subjectNamespace = stringOf(s.namespace) ?? r.ref.namespace ?? "";
          names.add(`${subjectNamespace}/${subjectName}`);
          names.add(`*/${subjectName}`);
        }
      }
      this.bound = { names, unknown };
    }
    if (this.bound.names.has(`${namespace ?? "*"}/${name}`)) return true;
    return this.bound.unknown ? "unknown" : false;
  }

  /** The resource with this URN, when the set has it. */
  byUrn(urn: string): PolicyResource | undefined {
    if (this.urnIndex === undefined) {
      this.urnIndex = new Map();
      for (const r of this.resources) if (r.urn !== undefined) this.urnIndex.set(r.urn, r);
    }
    return this.urnIndex.get(urn);
  }
}
