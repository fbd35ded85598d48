/** The one shape of a Kubernetes object the program's builders return and its components register. */

/** A Kubernetes object as a builder renders it; values may be Pulumi inputs (secrets, outputs of other resources). */
export interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; [key: string]: unknown };
  [key: string]: unknown;
}
