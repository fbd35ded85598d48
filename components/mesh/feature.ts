/** The mesh concern: Istio mTLS (STRICT), DestinationRules and AuthorizationPolicies derived from the catalog. */
import type { Feature } from "../../core/feature";
import { Mesh } from "./component";
import { resolveMesh, type MeshFeatureConfig, type ResolvedMesh } from "./settings";

export const meshFeature: Feature<MeshFeatureConfig, ResolvedMesh> = {
  name: "mesh",
  switches: {
    mesh: { description: "Istio mTLS: PeerAuthentication STRICT, DestinationRules, AuthorizationPolicies, sidecar injection labels.", default: true },
  },
  resolve: resolveMesh,
  create: (settings, handles, opts) => ({ component: new Mesh("mesh", { settings, handles }, opts) }),
};
