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

/** The pod of a resource, when it is a Kubernetes object that carries one. */
export function podOf(resource: PolicyResource): PodTemplateLocation | undefined {
  return resource.manifest === undefined ? undefined : podTemplateOf(resource.manifest);
}

/** Whether a resource carries a pod spec or a pod template. */
export function carriesPod(resource: PolicyResource): boolean {
  return podOf(resource) !== undefined;
}

/** Every container of a pod spec, in the order containers, initContainers, ephemeralContainers. */
export function containersOf(pod: PodTemplateLocation, lists: readonly ContainerList[] = CONTAINER_LISTS): ContainerRef[] {
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
