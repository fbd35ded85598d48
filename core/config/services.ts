/**
 * `services`: per-stack changes to the service catalog (core/catalog.ts). A key naming a seed service
 * overrides the fields given (lists replace, they do not append); a new key adds a service and must give
 * every required field; `enabled: false` removes a seed service.
 */
import { z } from "zod";
import { dnsLabel, ipv4Cidr, portNumber } from "./primitives";

const servicePort = z.strictObject({
  name: dnsLabel.max(15),
  port: portNumber,
  protocol: z.enum(["TCP", "UDP", "SCTP"]).default("TCP"),
});

const serviceOverride = z.strictObject({
  /** false removes a seed service from this stack. */
  enabled: z.boolean().default(true),
  namespace: dnsLabel.optional(),
  tier: z.enum(["edge", "backend", "data", "messaging", "storage"]).optional(),
  ports: z.array(servicePort).min(1).optional(),
  serviceAccount: dnsLabel.optional(),
  needsKubernetesApi: z.boolean().optional(),
  secrets: z.array(dnsLabel).optional(),
  /** Per secret, the only properties of its remote document the service receives (a client's user and password, not the server's document). */
  secretKeys: z.record(dnsLabel, z.array(z.string().regex(/^[-._a-zA-Z0-9]+$/, "must be a Secret key")).min(1)).optional(),
  configMaps: z.array(dnsLabel).optional(),
  dependsOn: z.array(z.strictObject({ service: dnsLabel, ports: z.array(dnsLabel).min(1) })).optional(),
  external: z.array(z.strictObject({ name: dnsLabel, cidrs: z.array(ipv4Cidr).default([]), ports: z.array(portNumber).min(1) })).optional(),
  calledBy: z.array(z.strictObject({ peer: z.enum(["ingress-controller", "monitoring"]), ports: z.array(dnsLabel).min(1) })).optional(),
  labels: z.record(z.string(), z.string()).optional(),
  /** Its GDPR retention endpoint (port name and path), called weekly by the GDPR clean-up job (`compliance.dataCleanup`). */
  retention: z
    .strictObject({
      port: dnsLabel.max(15),
      path: z.string().regex(/^\/[A-Za-z0-9._~/-]*$/, "must be an absolute HTTP path such as /internal/gdpr/retention (no query)"),
    })
    .optional(),
});

export const servicesSchema = z.record(dnsLabel, serviceOverride).default({});

export type ServiceOverride = z.infer<typeof serviceOverride>;
export type ServicesConfig = z.infer<typeof servicesSchema>;
