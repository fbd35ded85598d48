// The plan's network/ folder: representative pods, the analyzer's connlist and the readable report, and the
// netpol command reproducing the same connlist from the plan folder.
import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parseAllDocuments } from "yaml";
import { servicePodLabels } from "../../core/labels";
import { writePlan } from "../../cli/plan";
import { runStack, type StackRun } from "../../tests/harness";
import { repoRoot } from "../../platform/offline/stack-file";

interface PodDoc {
  kind: string;
  metadata: { name: string; namespace: string; labels: Record<string, string> };
  spec: { containers: Array<{ ports: Array<{ name: string; containerPort: number; protocol: string }> }> };
}

describe("plan network/ folder (staging)", function () {
  this.timeout(120000);
  let out: string;
  let run: StackRun;
  before(async () => {
    run = await runStack("staging");
    out = fs.mkdtempSync(path.join(os.tmpdir(), "plan-network-"));
    writePlan(run, out);
  });
  after(() => fs.rmSync(out, { recursive: true, force: true }));

  it("workloads.yaml has one pod per catalog service with exactly the catalog's labels and ports, plus the platform peers", () => {
    const pods = parseAllDocuments(fs.readFileSync(path.join(out, "network", "workloads.yaml"), "utf8")).map((d) => d.toJS() as PodDoc);
    for (const s of run.config.catalog) {
      const pod = pods.find((p) => p.metadata.name === s.name && p.metadata.namespace === s.namespace);
      assert.ok(pod, `${s.namespace}/${s.name} is missing`);
      assert.deepEqual(pod.metadata.labels, servicePodLabels(s));
      assert.deepEqual(
        pod.spec.containers.flatMap((c) => c.ports),
        s.ports.map((p) => ({ name: p.name, containerPort: p.port, protocol: p.protocol })),
      );
    }
    const peers = pods.filter((p) => !run.config.catalog.some((s) => s.name === p.metadata.name)).map((p) => `${p.metadata.namespace}/${p.metadata.name}`);
    assert.deepEqual(peers, ["ingress-nginx/ingress-controller", "monitoring/monitoring", "kube-system/kube-dns", "istio-system/istiod"]);
    assert.deepEqual(pods.find((p) => p.metadata.name === "kube-dns")?.metadata.labels, { "k8s-app": "kube-dns" });
  });

  it("npm run netpol over the plan folder prints exactly network/connlist.txt", () => {
    const tsx = path.join(repoRoot, "node_modules", ".bin", "tsx");
    const r = spawnSync(tsx, [path.join(repoRoot, "cli", "netpol.ts"), "--format", "connlist", "--quiet", out], { encoding: "utf8" });
    assert.equal(r.status, 0, r.stderr);
    const connlist = fs.readFileSync(path.join(out, "network", "connlist.txt"), "utf8");
    assert.ok(connlist.includes("e-commerce/orders-service[Pod] => e-commerce/orders-mysql[Pod] : TCP 3306\n"));
    assert.equal(r.stdout, connlist);
  });

  it("network.md has the matrix and a Mermaid flowchart with the allowed flows only", () => {
    const md = fs.readFileSync(path.join(out, "network", "network.md"), "utf8");
    const row = md.split("\n").find((l) => l.startsWith("| **e-commerce/orders-service** |"));
    const header = md.split("\n").find((l) => l.startsWith("| from \\ to |"));
    assert.ok(row && header);
    const columns = header.split(" | ");
    const cells = row.split(" | ");
    assert.equal(cells[columns.indexOf("e-commerce/orders-mysql")], "TCP 3306");
    assert.equal(cells[columns.indexOf("e-commerce/auth-service")], "");
    assert.match(md, /```mermaid\nflowchart LR\n/);
    assert.match(md, /ingress_nginx__ingress_controller -->\|"TCP 8100"\| e_commerce__api_gateway/);
    assert.match(md, /e_commerce__payments_service -->\|"TCP 443 to 203\.0\.113\.0\/24"\| external/);
    assert.doesNotMatch(md, /e_commerce__auth_service -->\|[^|]*\| e_commerce/, "auth-service calls no catalog service");
  });
});
