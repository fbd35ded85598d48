/** The fixed names of the registry concern: the release, its Secrets and the labels its chart renders. */

/** Helm release name of Harbor; the chart prefixes every object with it (`harbor-core`, `harbor-registry`, ...). */
export const HARBOR_RELEASE = "harbor";

/** The Secret cert-manager writes the registry's public certificate into (the document's `harbor-tls`); the Ingress serves it. */
export const HARBOR_TLS_SECRET = "harbor-tls";

/** The Certificate that keeps {@link HARBOR_TLS_SECRET} issued and renewed. */
export const HARBOR_CERTIFICATE = "harbor";

/** ServiceAccount of the registry pods with S3 storage: it carries the IRSA role annotation. */
export const HARBOR_REGISTRY_SERVICE_ACCOUNT = "harbor-registry";

/**
 * Harbor's components as its chart labels their pods (`component: <name>` beside `release: harbor`), the ports they
 * listen on with internal TLS on (the chart's `harbor.<component>.containerPort` helpers), and the chart's names.
 */
export const HARBOR_COMPONENTS = {
  core: { port: 8443 },
  portal: { port: 8443 },
  jobservice: { port: 8443 },
  registry: { port: 5443 },
  /** The registry controller, a second container of the registry pod. */
  registryctl: { port: 8443 },
  trivy: { port: 8443 },
  database: { port: 5432 },
  redis: { port: 6379 },
} as const;

/** A Harbor component with pods of its own. */
export type HarborComponent = Exclude<keyof typeof HARBOR_COMPONENTS, "registryctl">;

/** The labels of one component's pods, as the chart renders them. */
export function harborPodLabels(component: HarborComponent): Record<string, string> {
  return { release: HARBOR_RELEASE, component };
}
