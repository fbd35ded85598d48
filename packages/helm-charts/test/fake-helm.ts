// A stand-in for the Helm CLI, so the rendering logic is tested without helm (the real one runs in npm run
// test:charts): `version` prints a 3.x version, `template <release> <chart>` reads the values (JSON) on stdin, appends a
// line to $FAKE_HELM_LOG and prints a ServiceAccount, a Deployment (restricted, pinned, with resources and probes)
// whose container securityContext and image are the values' `securityContext` and `image` when set, and, when
// `rbac.clusterAdministrator` is truthy (as a template `if` reads it), a ClusterRoleBinding to cluster-admin.
// `requiredBucket: true` without a `bucket` fails as `required` would.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

const SCRIPT = String.raw`
const args = process.argv.slice(2);
if (args[0] === "version") { process.stdout.write("v3.99.0"); process.exit(0); }
if (args[0] !== "template") { process.stderr.write("fake helm: unsupported " + args.join(" ")); process.exit(1); }
const [, release, chart] = args;
const namespace = args[args.indexOf("--namespace") + 1];
const values = JSON.parse(require("fs").readFileSync(0, "utf8") || "{}");
if (process.env.FAKE_HELM_LOG) require("fs").appendFileSync(process.env.FAKE_HELM_LOG, release + " " + chart + "\n");
if (values.requiredBucket && values.bucket == null) { process.stderr.write("Error: execution error at (x/templates/deployment.yaml): bucket is required"); process.exit(1); }
const docs = [
  { apiVersion: "v1", kind: "ServiceAccount", metadata: { name: release } },
  { apiVersion: "apps/v1", kind: "Deployment", metadata: { name: release, namespace },
    spec: { selector: { matchLabels: { app: release } }, template: { metadata: { labels: { app: release } }, spec: {
      serviceAccountName: release, automountServiceAccountToken: false,
      securityContext: { runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } },
      containers: [{ name: "server", image: values.image ?? "registry.shop.example.com/platform/server:1.0.0@sha256:" + "a1".repeat(32),
        securityContext: values.securityContext ?? { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] } },
        resources: { requests: { cpu: "10m", memory: "32Mi" }, limits: { cpu: "100m", memory: "64Mi" } },
        livenessProbe: { httpGet: { path: "/healthz", port: 8080 } }, readinessProbe: { httpGet: { path: "/readyz", port: 8080 } } }] } } } },
];
if (values.rbac && values.rbac.clusterAdministrator) docs.push({ apiVersion: "rbac.authorization.k8s.io/v1", kind: "ClusterRoleBinding",
  metadata: { name: release + "-admin" }, roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "cluster-admin" },
  subjects: [{ kind: "ServiceAccount", name: release, namespace }] });
for (const d of docs) process.stdout.write("---\n# Source: fake/templates/" + d.kind.toLowerCase() + ".yaml\n" + JSON.stringify(d) + "\n");
`;

/** A fake helm executable, a folder of chart packages it accepts (`<chart>-<version>.tgz`) and the log of its renders. */
export interface FakeHelm {
  /** The executable (for ES_HELM or HelmCli.path). */
  helm: string;
  /** A charts folder holding `fake-1.0.0.tgz`. */
  chartsDir: string;
  /** How many times `helm template` ran. */
  renders(): number;
}

/** Writes a fake helm into a new temporary folder. */
export function fakeHelm(): FakeHelm {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "fake-helm-"));
  const helm = path.join(dir, "helm");
  fs.writeFileSync(helm, `#!${process.execPath}\n${SCRIPT}`, { mode: 0o755 });
  const chartsDir = path.join(dir, "charts");
  fs.mkdirSync(chartsDir);
  fs.writeFileSync(path.join(chartsDir, "fake-1.0.0.tgz"), "");
  const log = path.join(dir, "renders.log");
  process.env.FAKE_HELM_LOG = log;
  return { helm, chartsDir, renders: () => (fs.existsSync(log) ? fs.readFileSync(log, "utf8").split("\n").filter(Boolean).length : 0) };
}
