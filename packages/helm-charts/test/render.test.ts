// What the renderer makes of helm's output and where it finds charts; helm itself runs in the chart suite
// (npm run test:charts), these need none.
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { chartInFolder, chartValuesDefinition, ChartNotFoundError, findHelm, HelmNotFoundError, parseRendered, templateArguments } from "../src";

const sharedCharts = path.resolve(__dirname, "../../../../shared/charts");

describe("helm-charts: rendering", () => {
  it("places namespaced objects in the release namespace, keeps cluster-scoped ones out, and keeps each template's source", () => {
    const output = [
      "---",
      "# Source: velero/templates/serviceaccount.yaml",
      "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: velero",
      "---",
      "# Source: velero/templates/clusterrolebinding.yaml",
      "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata:\n  name: velero\n  namespace: velero",
      "---",
      "# Source: velero/templates/other.yaml",
      "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: kept\n  namespace: elsewhere",
      "---",
      "",
    ].join("\n");
    const objects = parseRendered(output, "velero");
    assert.deepEqual(
      objects.map((o) => [o.object.kind, o.object.metadata.namespace, o.source]),
      [
        ["ServiceAccount", "velero", "velero/templates/serviceaccount.yaml"],
        ["ClusterRoleBinding", undefined, "velero/templates/clusterrolebinding.yaml"],
        ["ConfigMap", "elsewhere", "velero/templates/other.yaml"],
      ],
    );
  });

  it("renders with the cluster's capabilities, CRDs included, tests left out, values from stdin", () => {
    const args = templateArguments(
      { name: "cm", namespace: "cert-manager", chartPath: "/c.tgz", values: {} },
      { kubernetesVersion: "1.33.0", apiVersions: ["monitoring.coreos.com/v1"] },
    );
    assert.deepEqual(args, [
      "template",
      "cm",
      "/c.tgz",
      "--namespace",
      "cert-manager",
      "--values",
      "-",
      "--include-crds",
      "--skip-tests",
      "--kube-version",
      "1.33.0",
      "--api-versions",
      "monitoring.coreos.com/v1",
    ]);
  });

  it("finds a pinned chart in a chart repository folder by its index, and names the versions it has when the pin is absent", () => {
    assert.equal(chartInFolder({ chart: "velero", version: "12.1.0", repository: "https://x" }, sharedCharts), path.join(sharedCharts, "velero-12.1.0.tgz"));
    assert.throws(
      () => chartInFolder({ chart: "velero", version: "11.0.0", repository: "https://x" }, sharedCharts),
      (e: unknown) => e instanceof ChartNotFoundError && /velero 11\.0\.0 is not in the repository .*its versions of velero: 12\.1\.0/.test(e.message),
    );
  });

  it("finds a package by file name in a folder without an index, and says what is missing otherwise", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "charts-"));
    fs.writeFileSync(path.join(dir, "reloader-2.2.16.tgz"), "");
    assert.equal(chartInFolder({ chart: "reloader", version: "2.2.16", repository: "https://x" }, dir), path.join(dir, "reloader-2.2.16.tgz"));
    assert.throws(
      () => chartInFolder({ chart: "reloader", version: "9.9.9", repository: "https://x" }, dir),
      /no reloader-9\.9\.9\.tgz in .* \(and no index\.yaml there\)/,
    );
  });

  it("reads a package's values.yaml and values.schema.json", () => {
    const velero = chartValuesDefinition(path.join(sharedCharts, "velero-12.1.0.tgz"));
    assert.equal(typeof velero.defaults.rbac, "object");
    assert.ok(velero.schema?.properties !== undefined);
  });

  it("says how to get helm when none can be found", () => {
    assert.throws(
      () => findHelm({ ES_HELM: "/nonexistent/helm" }),
      (e: unknown) => e instanceof HelmNotFoundError && /ES_HELM=\/nonexistent\/helm cannot be run.*tools\/build-helm\.sh/.test(e.message),
    );
  });
});
