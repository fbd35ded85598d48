/**
 * The isolation workflow of the runbook (docs/runbook-incident-response.md), as the exact commands for one pod, so
 * the docs and the tests share one source. The order keeps the evidence:
 *
 * 1. label the pod `incident=isolated`: the zero-trust layer's isolation NetworkPolicy selects it and every allow
 *    policy excludes it, so all its traffic stops;
 * 2. take it out of its controller: remove the label its ReplicaSet (or StatefulSet) selects on. The controller
 *    releases it (drops its ownerReference) and no longer counts, replaces or deletes it: a rollout, a scale-down or
 *    an eviction of the workload cannot take the evidence with it. Removing the selector label (`naming.selectorLabel`:
 *    `app` by default, `app.kubernetes.io/name` in the separated layout) also takes it out of its Service's endpoints, so no request is sent into the isolation;
 * 3. cordon its node: nothing new is scheduled there; nothing running is touched;
 * 4. capture: the pod's manifest, description, logs, previous logs and events.
 *
 * `kubectl drain` never comes before the capture: it evicts every pod of the node its flags do not exclude, isolated
 * or not, in no particular order (a pod still owned by its ReplicaSet is evicted like any other; one taken out of its
 * controller makes a plain drain refuse, and `--force` deletes it). After the capture, a node that must be emptied is
 * drained with `--pod-selector` excluding the isolated pod.
 */
import { resolveNaming } from "../../core/config/naming";
import { serviceSelector } from "../../core/labels";
import { ISOLATION_POLICY_NAME } from "../../core/zero-trust/isolation-policy";
import { ISOLATED, ISOLATION_LABEL as ISOLATION_KEY } from "../../core/zero-trust/selectors";

/** The isolation label (key and value) the isolation NetworkPolicy selects. */
export const ISOLATION_LABEL = { key: ISOLATION_KEY, value: ISOLATED } as const;

/** Name of the zero-trust layer's isolation NetworkPolicy in every namespace the stack declares. */
export const ISOLATION_POLICY = ISOLATION_POLICY_NAME;

/**
 * The labels a catalog service's pods are selected by (its Service and NetworkPolicies, and by the platform's
 * convention its workload's selector) in a stack selecting on `selectorLabel`: removing them takes a pod out of its
 * controller and its Service.
 */
export function selectorLabelKeys(selectorLabel: string): string[] {
  return Object.keys(serviceSelector({ name: "<service>", selectorLabel }));
}

/** {@link selectorLabelKeys} of the default names (the architecture document's `app`). */
export const SELECTOR_LABEL_KEYS = selectorLabelKeys(resolveNaming().selectorLabel);

/** The steps of {@link isolationCommands}, in the order the runbook runs them. */
export const ISOLATION_STEPS = ["label", "detach", "cordon", "capture", "forensics", "drain", "cleanup"] as const;

/** Commands for one suspicious pod of a stack selecting on `selectorLabel` (`naming.selectorLabel`), per step, in runbook order. */
export function isolationCommands(namespace: string, pod: string, selectorLabel: string): Record<(typeof ISOLATION_STEPS)[number], string[]> {
  const nsPod = `-n ${namespace} ${pod}`;
  return {
    // Cuts all traffic (every allow policy excludes isolated pods; `incident-isolation` selects them).
    label: [
      `kubectl label pod ${nsPod} ${ISOLATION_LABEL.key}=${ISOLATION_LABEL.value} --overwrite`,
      `kubectl get networkpolicy -n ${namespace} ${ISOLATION_POLICY}`,
    ],
    // The manifest as it was (labels, ownerReferences), the owner and its selector, then the selector label removed:
    // the owner releases the pod (no ownerReferences left) and starts a replacement.
    detach: [
      `kubectl get pod ${nsPod} -o yaml > ${pod}.before-detach.pod.yaml`,
      `kubectl get pod ${nsPod} -o jsonpath='{range .metadata.ownerReferences[*]}{.kind}/{.name}{"\\n"}{end}'`,
      `kubectl get -n ${namespace} <owner> -o jsonpath='{.spec.selector}{"\\n"}'`,
      `kubectl label pod ${nsPod} ${selectorLabelKeys(selectorLabel)
        .map((k) => `${k}-`)
        .join(" ")}`,
      `kubectl get pod ${nsPod} -o jsonpath='{.metadata.ownerReferences}{"\\n"}'`,
    ],
    cordon: [
      `NODE=$(kubectl get pod ${nsPod} -o jsonpath='{.spec.nodeName}')`,
      `kubectl cordon "$NODE"`,
      `kubectl get pods -A --field-selector spec.nodeName="$NODE" -o wide`,
    ],
    capture: [
      `kubectl get pod ${nsPod} -o yaml > ${pod}.pod.yaml`,
      `kubectl describe pod ${nsPod} > ${pod}.describe.txt`,
      `kubectl logs ${nsPod} --all-containers --timestamps > ${pod}.logs.txt`,
      `kubectl logs ${nsPod} --all-containers --timestamps --previous > ${pod}.previous-logs.txt || true`,
      `kubectl get events -n ${namespace} --field-selector involvedObject.name=${pod} -o yaml > ${pod}.events.yaml`,
    ],
    forensics: [
      `kubectl debug ${nsPod} -it --image=busybox:1.37 --target=<container> --profile=restricted -- sh`,
      // Node debugging needs host namespaces: run it where privileged pods are admitted (kube-system carries no PSA label).
      `kubectl debug node/"$NODE" -n kube-system -it --image=busybox:1.37 --profile=sysadmin`,
    ],
    // Only after the capture, and only when the node must be emptied: every other pod is evicted, the isolated one is
    // not even considered (--pod-selector), so neither a refusal nor --force comes into play.
    drain: [`kubectl drain "$NODE" --ignore-daemonsets --delete-emptydir-data --pod-selector='${ISOLATION_LABEL.key}!=${ISOLATION_LABEL.value}'`],
    cleanup: [`kubectl delete pod ${nsPod}`, `kubectl uncordon "$NODE"`],
  };
}
