/** `mesh`: Istio settings used when `features.mesh` is on. */
import { z } from "zod";
import { hostname } from "./primitives";

export const meshSchema = z
  .strictObject({
    /** SPIFFE trust domain of the mesh, used in AuthorizationPolicy principals. */
    trustDomain: hostname.or(z.literal("cluster.local")).default("cluster.local"),
    /** Namespace of the Istio control plane. */
    istioNamespace: z.string().default("istio-system"),
  })
  .prefault({});

export type MeshConfig = z.infer<typeof meshSchema>;
