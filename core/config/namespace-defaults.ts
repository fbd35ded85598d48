/** `namespaceDefaults`: the ResourceQuota and LimitRange every declared namespace gets. */
import { z } from "zod";
import { quantity } from "./primitives";

export const namespaceDefaultsSchema = z
  .strictObject({
    /** The namespace's ResourceQuota `default-quota`. */
    quota: z
      .strictObject({
        /** Total CPU requests of the namespace. */
        requestsCpu: quantity.default("8"),
        /** Total memory requests. */
        requestsMemory: quantity.default("16Gi"),
        /** Total CPU limits. */
        limitsCpu: quantity.default("16"),
        /** Total memory limits. */
        limitsMemory: quantity.default("32Gi"),
        /** Pods. */
        pods: z.number().int().positive().default(100),
        /** PersistentVolumeClaims. */
        persistentVolumeClaims: z.number().int().nonnegative().default(20),
        /** Services of type LoadBalancer; 0 keeps the ingress controller the only way in. */
        servicesLoadBalancers: z.number().int().nonnegative().default(0),
        /** Services of type NodePort. */
        servicesNodePorts: z.number().int().nonnegative().default(0),
      })
      .prefault({}),
    /** The namespace's LimitRange `default-limits` (container defaults and ceilings). */
    limitRange: z
      .strictObject({
        /** CPU limit of a container that sets none. */
        defaultCpu: quantity.default("500m"),
        /** Memory limit of a container that sets none. */
        defaultMemory: quantity.default("512Mi"),
        /** CPU request of a container that sets none. */
        defaultRequestCpu: quantity.default("100m"),
        /** Memory request of a container that sets none. */
        defaultRequestMemory: quantity.default("128Mi"),
        /** Largest CPU limit of one container. */
        maxCpu: quantity.default("4"),
        /** Largest memory limit of one container. */
        maxMemory: quantity.default("8Gi"),
      })
      .prefault({}),
  })
  .prefault({});

export type NamespaceDefaultsConfig = z.infer<typeof namespaceDefaultsSchema>;
