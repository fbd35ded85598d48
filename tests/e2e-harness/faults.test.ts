// The pieces the e2e fault steps judge by (tools/e2e/lib): what the exported state and the API server say the stack
// made, compared object by object with the declared set; the engine's event log that times the faults; the
// application's Services the stand-in deploys behind the Ingress.
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { KubernetesObject } from "../../platform/offline/recorded-resource";
import { backendServices, serviceManifest } from "../../tools/e2e/lib/application-standin";
import { EngineEventLog } from "../../tools/e2e/lib/engine-events";
import { convergenceProblems, declaredKeys, summarizeState, type LiveObject } from "../../tools/e2e/lib/stack-objects";

const urn = (type: string, name: string) => `urn:pulumi:e2e::ecommerce-security::${type}::${name}`;

/** `pulumi stack export` output with these resources and pending operations. */
function exported(resources: object[], pending: object[] = []): string {
  return JSON.stringify({ version: 3, deployment: { resources, pending_operations: pending } });
}

const namespace = { type: "kubernetes:core/v1:Namespace", custom: true, id: "e-commerce", urn: urn("kubernetes:core/v1:Namespace", "ns") };
const policy = {
  type: "kubernetes:networking.k8s.io/v1:NetworkPolicy",
  custom: true,
  id: "e-commerce/default-deny-all",
  urn: urn("kubernetes:networking.k8s.io/v1:NetworkPolicy", "deny"),
};
const declared = [
  { apiVersion: "v1", kind: "Namespace", metadata: { name: "e-commerce" } },
  { apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy", metadata: { name: "default-deny-all", namespace: "e-commerce" } },
] as KubernetesObject[];
const live = (key: string, deleting = false): LiveObject => ({ key, uid: key, deleting });
const serverHasAll = declaredKeys(declared).map((k) => live(k));

describe("e2e faults: the state and the API server against the declared objects", () => {
  it("a state and a server holding exactly the declared objects converge", () => {
    const state = summarizeState(exported([{ type: "pulumi:providers:kubernetes", custom: true, id: "p", urn: "p" }, namespace, policy]));
    assert.deepEqual(state.kubernetesObjects, ["/Namespace e-commerce", "networking.k8s.io/NetworkPolicy e-commerce/default-deny-all"]);
    assert.deepEqual(convergenceProblems(declaredKeys(declared), state, serverHasAll), []);
  });

  it("a pending create left by an interrupted update is a problem until it is cleared", () => {
    const state = summarizeState(exported([namespace, policy], [{ type: "creating", resource: { urn: policy.urn } }]));
    assert.deepEqual(convergenceProblems(declaredKeys(declared), state, serverHasAll), [`state: pending creating of ${policy.urn}`]);
  });

  it("an object recorded twice, or recorded and not declared, is named", () => {
    const stray = { ...policy, id: "e-commerce/old-policy", urn: urn("kubernetes:networking.k8s.io/v1:NetworkPolicy", "old") };
    const problems = convergenceProblems(declaredKeys(declared), summarizeState(exported([namespace, policy, policy, stray])), serverHasAll);
    assert.deepEqual(problems, [
      "state: networking.k8s.io/NetworkPolicy e-commerce/default-deny-all recorded 2 times",
      "state: networking.k8s.io/NetworkPolicy e-commerce/old-policy is not declared (orphan)",
    ]);
  });

  it("an object the provider made that is not declared is an orphan; a declared one missing or being deleted is named", () => {
    const state = summarizeState(exported([namespace, policy]));
    const server = [live("/Namespace e-commerce", true), live("/ConfigMap e-commerce/left-behind")];
    assert.deepEqual(convergenceProblems(declaredKeys(declared), state, server), [
      "API server: /Namespace e-commerce is being deleted",
      "API server: /ConfigMap e-commerce/left-behind was made by the provider and is not declared (orphan)",
      "API server: networking.k8s.io/NetworkPolicy e-commerce/default-deny-all is declared and missing",
    ]);
  });

  it("the state's protected resources are listed", () => {
    assert.deepEqual(summarizeState(exported([{ ...namespace, protect: true }, policy])).protectedUrns, [namespace.urn]);
  });
});

describe("e2e faults: the engine's event log", () => {
  const event = (kind: "resourcePreEvent" | "resOutputsEvent" | "resOpFailedEvent", op: string, name: string, type = "kubernetes:core/v1:ConfigMap") =>
    JSON.stringify({ [kind]: { metadata: { op, urn: urn(type, name), type } } }) + "\n";

  it("follows operations as the engine appends them, a half-written line included", () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "events-")), "events.jsonl");
    const log = new EngineEventLog(file);
    log.poll();
    assert.equal(log.stepsStarted, 0, "no file yet: nothing started");
    const first = event("resourcePreEvent", "create", "a") + event("resourcePreEvent", "same", "b") + event("resOutputsEvent", "create", "a");
    const second = event("resourcePreEvent", "update", "c");
    fs.writeFileSync(file, first + second.slice(0, 20));
    log.poll();
    assert.equal(log.created, 1);
    assert.equal(log.stepsStarted, 2);
    assert.equal(log.inFlight.size, 0);
    fs.appendFileSync(file, second.slice(20) + event("resOpFailedEvent", "update", "c") + event("resourcePreEvent", "create", "stack", "pulumi:pulumi:Stack"));
    log.poll();
    assert.equal(log.stepsStarted, 3, "the stack is not a Kubernetes object");
    assert.equal(log.failed, 1);
    assert.equal(log.inFlight.size, 0);
    assert.equal(log.changesCompleted, 1);
  });
});

describe("e2e: the application's Services behind the Ingress", () => {
  it("are the backends the declared Ingress routes to, each once, on the port it names", () => {
    const ingress = {
      apiVersion: "networking.k8s.io/v1",
      kind: "Ingress",
      metadata: { name: "ecommerce-ingress", namespace: "e-commerce" },
      spec: {
        rules: ["api", "www"].map((host) => ({
          host,
          http: { paths: [{ path: "/", backend: { service: { name: "api-gateway", port: { number: 8080 } } } }] },
        })),
      },
    } as unknown as KubernetesObject;
    const backends = backendServices([ingress]);
    assert.deepEqual(backends, [{ namespace: "e-commerce", name: "api-gateway", port: { number: 8080 } }]);
    const svc = serviceManifest(backends[0]) as { metadata: { namespace: string }; spec: { selector: object; ports: { port: number }[] } };
    assert.equal(svc.metadata.namespace, "e-commerce");
    assert.deepEqual(svc.spec.selector, { "app.kubernetes.io/name": "api-gateway" });
    assert.equal(svc.spec.ports[0].port, 8080);
  });
});
