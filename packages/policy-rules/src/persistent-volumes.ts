// A PersistentVolume backed by hostPath: a pod that claims it mounts a directory of the node, which Pod Security
// forbids in the pod itself (hostPathVolumes) but admits through a persistentVolumeClaim volume. The node's files
// would be one claim away.
import { z } from "zod";
import { fieldsOf } from "@ecommerce-security/pod-security";
import { namePatterns } from "./config";
import { isKind } from "./context";
import type { PolicyRule } from "./types";
import { isUnknown } from "./unknown";

const pvConfig = z.strictObject({
  allowed: namePatterns("PersistentVolumes (by name) allowed to use a hostPath, e.g. a single-node test cluster's."),
});

/** No hostPath PersistentVolumes. */
export const persistentVolumeNoHostPath: PolicyRule<z.infer<typeof pvConfig>> = {
  name: "persistentvolume-no-hostpath",
  group: "pod-security",
  description:
    "No PersistentVolume is a hostPath: any pod that claims it mounts a directory of the node, which Pod Security forbids in the pod itself but admits through a persistentVolumeClaim volume.",
  enforcementLevel: "mandatory",
  scope: "resource",
  config: pvConfig,
  appliesTo: (resource) => isKind(resource, "", "PersistentVolume"),
  check(resource, config) {
    if (config.allowed.includes(resource.ref.name)) return [];
    const hostPath = fieldsOf(fieldsOf(resource.props.spec)?.hostPath);
    const path = hostPath?.path;
    if (hostPath === undefined || isUnknown(path)) return [];
    return [
      {
        path: "spec.hostPath",
        message: `the volume is the node's directory ${typeof path === "string" ? path : "(no path)"}: a pod that claims it reads and writes the node's files`,
        fix: "use a storage class of a CSI driver (or a local volume with node affinity) instead of hostPath",
      },
    ];
  },
};

/** The PersistentVolume rules of the pod-security group. */
export const persistentVolumeRules: readonly PolicyRule[] = [persistentVolumeNoHostPath] as PolicyRule[];
