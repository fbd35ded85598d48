/**
 * IncidentResponse: the read-only forensics ClusterRole bound to the investigators' group. The isolation
 * NetworkPolicy (label `incident=isolated`) belongs to the zero-trust network layer; the alert on isolated pods to
 * Alerting; the workflow is docs/runbook-incident-response.md.
 */
import * as pulumi from "@pulumi/pulumi";
import { forensicsManifests } from "./forensics";
import { createObject } from "../../core/kubernetes-object";
import type { ResolvedIncidentResponse } from "./settings";

/** Arguments of {@link IncidentResponse}: the resolved settings (cluster-scoped objects only, so it needs no handle). */
export interface IncidentResponseArgs {
  /** Resolved settings: the group bound to the forensics ClusterRole. */
  settings: ResolvedIncidentResponse;
}

/** Who may investigate an incident. */
export class IncidentResponse extends pulumi.ComponentResource {
  /** Name of the forensics ClusterRole. */
  readonly forensicsRole: string;

  constructor(name: string, { settings }: IncidentResponseArgs, opts?: pulumi.ComponentResourceOptions) {
    super("ecommerce:security:IncidentResponse", name, {}, opts);
    const forensics = forensicsManifests(settings.forensicsGroup);
    const role = createObject(forensics.clusterRole, { parent: this });
    createObject(forensics.binding, { parent: this, dependsOn: [role] });
    this.forensicsRole = forensics.clusterRole.metadata.name;
    this.registerOutputs({ forensicsRole: this.forensicsRole });
  }
}
