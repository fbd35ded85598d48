/** `mesh`: Istio settings used when `features.mesh` is on. */
import { z } from "zod";
import { hostname } from "./primitives";

export const meshSchema = z
  .strictObject({
    /** SPIFFE trust domain of the mesh, used in AuthorizationPolicy principals. */
    trustDomain: hostname.or(z.literal("cluster.local")).default("cluster.local"),
    /** Namespace of the Istio control plane. */
    istioNamespace: z.string().default("istio-system"),
    /**
     * Repository of the sidecar proxy image Istio injects (its `global.hub` + `/proxyv2`), without a tag: the image
     * signature admission policy of the mesh proxy names it. `docker.io/istio/proxyv2` (through `images.registryMirror`
     * when set) by default.
     */
    proxyImage: z
      .string()
      .regex(/^[a-z0-9.-]+(:[0-9]+)?(\/[a-z0-9._-]+)+$/, "must be an image repository without tag, such as docker.io/istio/proxyv2")
      .optional(),
  })
  .prefault({});

export type MeshConfig = z.infer<typeof meshSchema>;
