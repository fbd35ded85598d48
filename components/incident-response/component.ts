/**
 * IncidentResponse: the read-only forensics ClusterRole bound to the investigators' group. The isolation
 * NetworkPolicy (label `incident=isolated`) belongs to the zero-trust network layer; the alert on isolated pods to
 * Alerting; the workflow is docs/runbook-incident-response.md.
 */
import * as pulumi from "@pulumi/pulumi";
import { forensicsManifests } from "./forensics";
import { createObject } from "../../core/kubernetes-object";

/** Arguments of {@link IncidentResponse}. */
export interface IncidentResponseArgs {
  /** Group bound to the forensics ClusterRole (config `incidentResponse.forensicsGroup`). */
  forensicsGroup: string;
}

/** Who may investigate an incident. */
export class IncidentResponse extends pulumi.ComponentResource {
  /** Name of the forensics ClusterRole. */
  readonly forensicsRole: string;

  constructor(name: string, args: IncidentResponseArgs, opts?: pulumi.ComponentResourceOptions) {
    super("ecommerce:security:IncidentResponse", name, {}, opts);
    const m = forensicsManifests(args.forensicsGroup);
    const role = createObject(m.clusterRole, { parent: this });
    createObject(m.binding, { parent: this, dependsOn: [role] });
    this.forensicsRole = m.clusterRole.metadata.name;
    this.registerOutputs({ forensicsRole: this.forensicsRole });
  }
}
