// The containers of any object that carries a pod (Pod, Deployment, ..., CronJob, PodTemplate), with their field
// paths, so that the image and workload rules walk containers, initContainers and ephemeralContainers alike.
import { CONTAINER_LISTS, fieldsOf, joinPath, listOf, podTemplateOf, type ContainerList, type PodTemplateLocation } from "@ecommerce-security/pod-security";
import type { Fields, PolicyResource } from "./types";

/** One container of a pod, where it is, and what it is called in messages. */
export interface ContainerRef {
  /** The container object. */
  container: Fields;
  /** Which list of the pod spec holds it. */
  list: ContainerList;
  /** Field path from the object root, e.g. `spec.template.spec.containers[0]`. */
  path: string;
  /** Its name, or its position when it has none. */
  name: string;
}

/** Pods found so far, by resource: a dozen rules ask for each resource's pod. */
const pods = new WeakMap<PolicyResource, PodTemplateLocation | null>();

/** The pod of a resource, when it is a Kubernetes object that carries one. */
export function podOf(resource: PolicyResource): PodTemplateLocation | undefined {
  let pod = pods.get(resource);
  if (pod === undefined) {
    pod = (resource.manifest === undefined ? undefined : podTemplateOf(resource.manifest)) ?? null;
    pods.set(resource, pod);
  }
  return pod ?? undefined;
}

/** Whether a resource carries a pod spec or a pod template. */
export function carriesPod(resource: PolicyResource): boolean {
  return podOf(resource) !== undefined;
}

/** Every container of a pod, found once per pod (the image, workload and secret rules all walk them). */
const allContainers = new WeakMap<PodTemplateLocation, ContainerRef[]>();

/** Every container of a pod spec, in the order containers, initContainers, ephemeralContainers. */
export function containersOf(pod: PodTemplateLocation, lists: readonly ContainerList[] = CONTAINER_LISTS): ContainerRef[] {
  if (lists === CONTAINER_LISTS) {
    let found = allContainers.get(pod);
    if (found === undefined) allContainers.set(pod, (found = listContainers(pod, lists)));
    return found;
  }
  return listContainers(pod, lists);
}

/** The containers of some lists of a pod spec. */
function listContainers(pod: PodTemplateLocation, lists: readonly ContainerList[]): ContainerRef[] {
  const found: ContainerRef[] = [];
  for (const list of lists) {
    listOf(pod.spec[list]).forEach((item, index) => {
      const container = fieldsOf(item);
      if (container === undefined) return;
      const path = joinPath(pod.specPath, `${list}[${index}]`);
      const name = typeof container.name === "string" && container.name !== "" ? container.name : `${list}[${index}]`;
      found.push({ container, list, path, name });
    });
  }
  return found;
}
