/** `namespaceDefaults`: the ResourceQuota and LimitRange every declared namespace gets. */
import { z } from "zod";
import { quantity } from "./primitives";

export const namespaceDefaultsSchema = z
  .strictObject({
    quota: z
      .strictObject({
        requestsCpu: quantity.default("8"),
        requestsMemory: quantity.default("16Gi"),
        limitsCpu: quantity.default("16"),
        limitsMemory: quantity.default("32Gi"),
        pods: z.number().int().positive().default(100),
        persistentVolumeClaims: z.number().int().nonnegative().default(20),
        servicesLoadBalancers: z.number().int().nonnegative().default(0),
        servicesNodePorts: z.number().int().nonnegative().default(0),
      })
      .prefault({}),
    limitRange: z
      .strictObject({
        defaultCpu: quantity.default("500m"),
        defaultMemory: quantity.default("512Mi"),
        defaultRequestCpu: quantity.default("100m"),
        defaultRequestMemory: quantity.default("128Mi"),
        maxCpu: quantity.default("4"),
        maxMemory: quantity.default("8Gi"),
      })
      .prefault({}),
  })
  .prefault({});

export type NamespaceDefaultsConfig = z.infer<typeof namespaceDefaultsSchema>;
