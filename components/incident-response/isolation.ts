/**
 * The isolation label workflow. The zero-trust layer's isolation NetworkPolicy selects pods labelled
 * `incident=isolated` in every namespace and cuts all their traffic; this module names the label and produces the
 * exact commands of the runbook (docs/runbook-incident-response.md), so the docs and the tests share one source.
 */

/** The isolation label (key and value) the isolation NetworkPolicy selects. */
export const ISOLATION_LABEL = { key: "incident", value: "isolated" } as const;

/** Name of the zero-trust layer's isolation NetworkPolicy in each app namespace. */
export const ISOLATION_POLICY = "incident-isolation";

/** Commands for one suspicious pod, in runbook order. */
export function isolationCommands(namespace: string, pod: string): Record<"label" | "capture" | "cordon" | "forensics" | "release", string[]> {
  const nsPod = `-n ${namespace} ${pod}`;
  return {
    // The label cuts all traffic (every allow policy excludes isolated pods; `incident-isolation` selects them).
    label: [
      `kubectl label pod ${nsPod} ${ISOLATION_LABEL.key}=${ISOLATION_LABEL.value} --overwrite`,
      `kubectl get networkpolicy -n ${namespace} ${ISOLATION_POLICY}`,
    ],
    capture: [
      `NODE=$(kubectl get pod ${nsPod} -o jsonpath='{.spec.nodeName}')`,
      `kubectl get pod ${nsPod} -o yaml > ${pod}.pod.yaml`,
      `kubectl describe pod ${nsPod} > ${pod}.describe.txt`,
      `kubectl logs ${nsPod} --all-containers --timestamps > ${pod}.logs.txt`,
      `kubectl logs ${nsPod} --all-containers --timestamps --previous > ${pod}.previous-logs.txt || true`,
      `kubectl get events -n ${namespace} --field-selector involvedObject.name=${pod} -o yaml > ${pod}.events.yaml`,
    ],
    cordon: [`kubectl cordon "$NODE"`, `kubectl get pods -A --field-selector spec.nodeName="$NODE" -o wide`],
    forensics: [
      `kubectl debug ${nsPod} -it --image=busybox:1.37 --target=<container> --profile=restricted -- sh`,
      // Node debugging needs host namespaces: run it where privileged pods are admitted (kube-system carries no PSA label).
      `kubectl debug node/"$NODE" -n kube-system -it --image=busybox:1.37 --profile=sysadmin`,
    ],
    release: [`kubectl delete pod ${nsPod}`, `kubectl uncordon "$NODE"`],
  };
}
