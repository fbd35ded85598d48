// Where objects and their fields are: the line a finding names, in block YAML (both sequence styles), helm template
// output with its `# Source:` comments, Lists, and JSON.
import * as assert from "node:assert/strict";
import { parseManifestText } from "../src/index";

const HELM_OUTPUT = `---
# Source: shop/templates/serviceaccount.yaml
apiVersion: v1
kind: ServiceAccount
metadata:
  name: web
---
# Source: shop/templates/deployment.yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels:
    app: web
spec:
  template:
    spec:
      securityContext:
        runAsNonRoot: true
      containers:
        - name: init-like
          image: a:1
        - name: web
          image: b:2
          securityContext:
            # the runtime's default profile
            runAsUser: 0
          ports:
          - containerPort: 8080
            hostPort: 8080
      volumes:
      - name: logs
        hostPath:
          path: /var/log
`;

describe("locating objects and fields in manifests", () => {
  const [account, deployment] = parseManifestText(HELM_OUTPUT, "chart.yaml");

  it("names each object's line and the Helm template it was rendered from", () => {
    assert.equal(account.location?.line, 3);
    assert.equal(account.template, "shop/templates/serviceaccount.yaml");
    assert.equal(deployment.location?.line, 9);
    assert.equal(deployment.template, "shop/templates/deployment.yaml");
  });

  it("finds a field's own line through keys and list items of either sequence style", () => {
    const lineOf = (path: string) => deployment.location?.lineOf(path);
    assert.equal(lineOf("metadata.labels.app"), 14);
    assert.equal(lineOf("spec.template.spec.securityContext.runAsNonRoot"), 19);
    assert.equal(lineOf("spec.template.spec.containers[1]"), 23);
    assert.equal(lineOf("spec.template.spec.containers[1].securityContext.runAsUser"), 27);
    assert.equal(lineOf("spec.template.spec.containers[1].ports[0].hostPort"), 30);
    assert.equal(lineOf("spec.template.spec.volumes[0].hostPath"), 33);
  });

  it("lists the lines that lead to a field: the object, then each parent", () => {
    assert.deepEqual(deployment.location?.linesOf("spec.template.spec.containers[1].securityContext.runAsUser"), [9, 15, 16, 17, 20, 23, 25, 27]);
  });

  it("stops at the nearest line it can follow for a field that is not there", () => {
    assert.equal(deployment.location?.lineOf("spec.template.spec.containers[1].securityContext.capabilities.drop"), 25);
    assert.equal(deployment.location?.lineOf("spec.template.spec.containers[5].image"), 20);
    assert.equal(deployment.location?.lineOf(""), 9);
  });

  it("locates the items of a List and the keys of pretty-printed JSON", () => {
    const list = parseManifestText(
      "apiVersion: v1\nkind: List\nitems:\n- kind: Pod\n  metadata: {name: a}\n- kind: Pod\n  metadata:\n    name: b\n",
      "list.yaml",
    );
    assert.deepEqual(
      list.map((m) => [m.location?.line, m.location?.lineOf("metadata.name")]),
      [
        [4, 5],
        [6, 8],
      ],
    );
    const [json] = parseManifestText(JSON.stringify({ kind: "Pod", metadata: { name: "p" }, spec: { hostPID: true } }, null, 2), "pod.json");
    assert.equal(json.location?.lineOf("spec.hostPID"), 7);
    assert.equal(json.template, undefined);
  });
});
