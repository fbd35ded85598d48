// The images the charts start in the namespaces under signature admission, as rendered, are admitted by a
// ClusterImagePolicy of the program (issue 15, item 2): cert-manager's ACME HTTP-01 solver, which its controller starts
// in the edge namespace, with no-match-policy deny would otherwise be refused and no public certificate issued.
import { strict as assert } from "node:assert";
import { kubernetesObjects } from "../../platform/offline/recorded-resource";
import { globMatches } from "../../components/image-signatures/image-policy";
import { REAL_STACKS, renderedStack } from "./rendered-stacks";

describe("the charts' images in the opted-in namespaces are admitted by a ClusterImagePolicy", function () {
  this.timeout(300_000);

  for (const stack of REAL_STACKS) {
    it(`stack ${stack}: the ACME HTTP-01 solver image cert-manager's controller starts`, async () => {
      const { run, plan } = await renderedStack(stack);
      const args = plan.renderedObjects
        .filter((o) => o.kind === "Deployment" && o.metadata.namespace === "cert-manager")
        .flatMap((o) =>
          ((o.spec as { template: { spec: { containers: Array<{ args?: string[] }> } } }).template.spec.containers ?? []).flatMap((c) => c.args ?? []),
        );
      const solver = args.find((a) => a.startsWith("--acme-http01-solver-image="))?.split("=")[1];
      assert.ok(solver, "cert-manager's controller names its solver image");
      const policies = kubernetesObjects(run.resources).filter((o) => o.kind === "ClusterImagePolicy") as unknown as Array<{
        metadata: { name?: string };
        spec: { images: Array<{ glob: string }> };
      }>;
      const matching = policies.filter((p) => p.spec.images.some((i) => globMatches(i.glob, solver))).map((p) => p.metadata.name);
      assert.deepEqual(matching, ["cert-manager-acmesolver-signed"], solver);
    });
  }
});
