// Entry point of the CrossGuard pack: `pulumi preview --policy-pack policy`. Constructing the PolicyPack starts the
// analyzer's gRPC server, so nothing but the Pulumi engine loads this file; tests import ./policies instead.
import { PolicyPack } from "@pulumi/policy";
import { PACK_NAME } from "./pack";
import { policies } from "./policies";

new PolicyPack(PACK_NAME, {
  description:
    "Pod Security Standards (restricted) and the security rules of the ecommerce-security platform: images, workloads, RBAC, network, mesh and TLS, namespaces, Helm releases, AWS.",
  policies,
});
