// Both real stacks with every Helm release rendered from the pinned chart packages (npm run test:charts; needs helm,
// which tools/build-helm.sh builds): each release renders, every values path the program sets exists in its chart,
// every chart pod passes its namespace's Pod Security level, and the policy report over everything is clean, with
// each remaining privilege a reviewed exception that is actually used.
import { strict as assert } from "node:assert";
import { checkValuesPaths } from "@ecommerce-security/helm-charts";
import { evaluatePodSecurity, podTemplateOf } from "@ecommerce-security/pod-security";
import { formatFinding } from "@ecommerce-security/policy-rules";
import { chartPins, type ChartName } from "../../core/charts";
import { chartValuePassThrough } from "../../core/chart-value-passthrough";
import { resolveStack } from "../../platform/resolve";
import { chartDefinitionOf, REAL_STACKS, renderedStack, renderStack } from "./rendered-stacks";

describe("Helm releases rendered from the pinned charts", function () {
  this.timeout(300_000);

  for (const stack of REAL_STACKS) {
    describe(`stack ${stack}`, () => {
      it("renders every release the program declares, each at its pinned version", async () => {
        const { plan } = await renderedStack(stack);
        assert.ok(plan.releases.length >= 5, `only ${plan.releases.length} releases`);
        for (const { release, objects } of plan.rendered) {
          assert.ok(objects.length > 0, `release ${release.release} rendered nothing`);
          const pin = chartPins[release.chart as ChartName];
          assert.ok(pin, `release ${release.release} uses chart ${release.chart}, which has no pin`);
          assert.equal(release.version, pin.version, `release ${release.release}`);
        }
        assert.deepEqual(
          plan.rendered.map((r) => r.release.release),
          plan.releases.map((r) => r.release),
        );
      });

      it("sets only values paths its charts know (or maps declared as passed through whole)", async () => {
        const { plan } = await renderedStack(stack);
        const problems = plan.releases.flatMap((release) => {
          const check = checkValuesPaths(release.values, chartDefinitionOf(release), chartValuePassThrough[release.chart as ChartName] ?? {});
          return check.unknown.map((u) => `${release.release}: ${u.path} is not in chart ${release.chart} ${release.version} (it knows "${u.knownPrefix}")`);
        });
        assert.deepEqual(problems, []);
      });

      it("has every chart pod pass the Pod Security level of its namespace", async () => {
        const { run, plan } = await renderedStack(stack);
        const levels = new Map(resolveStack(run.config).namespaces.map((n) => [n.name, n.level]));
        const version = run.config.podSecurity.version;
        const problems: string[] = [];
        let pods = 0;
        for (const { release, objects } of plan.rendered) {
          for (const { object } of objects) {
            if (podTemplateOf(object) === undefined) continue;
            pods++;
            // A namespace the program does not declare (kube-system) is judged at restricted: nothing of ours needs less.
            const level = levels.get(object.metadata.namespace ?? "") ?? "restricted";
            for (const v of evaluatePodSecurity(object, { level, version })) {
              problems.push(
                `${release.release}: ${object.kind} ${object.metadata.namespace}/${object.metadata.name} breaks ${level}: ${v.message} (${v.path})`,
              );
            }
          }
        }
        assert.ok(pods >= 8, `only ${pods} pod templates rendered`);
        assert.deepEqual(problems, []);
      });

      it("has no mandatory finding over the program's objects and the rendered charts, and no stale exception", async () => {
        const { plan } = await renderedStack(stack);
        const mandatory = plan.report.findings.filter((f) => f.enforcementLevel === "mandatory").map(formatFinding);
        assert.deepEqual(mandatory, []);
        assert.deepEqual(plan.report.stale, []);
        for (const e of plan.report.excepted) assert.ok(e.reason.length >= 20, `exception without a reason: ${formatFinding(e)}`);
        assert.match(plan.report.markdown, plan.report.excepted.length > 0 ? /## Reviewed exceptions/ : /No findings|## Findings/);
      });
    });
  }

  it("declares no pass-through map that no release uses", async () => {
    const used = new Map<string, Set<string>>();
    for (const stack of REAL_STACKS) {
      const { plan } = await renderedStack(stack);
      for (const release of plan.releases) {
        const declared = chartValuePassThrough[release.chart as ChartName] ?? {};
        const unused = new Set(checkValuesPaths(release.values, chartDefinitionOf(release), declared).unusedPassThrough);
        const all = used.get(release.chart) ?? new Set(Object.keys(declared));
        used.set(release.chart, new Set([...all].filter((p) => unused.has(p))));
      }
    }
    assert.deepEqual(
      [...used].flatMap(([chart, unused]) => [...unused].map((p) => `${chart}: ${p}`)),
      [],
    );
  });
});

describe("the values that lower a chart's privileges are what keeps the report clean", function () {
  this.timeout(300_000);

  /** The mandatory findings of production with one chart value put back to the chart's default. */
  async function mandatoryWith(chart: string, values: object): Promise<string[]> {
    const { plan } = await renderStack("production", { overrides: { charts: { [chart]: { values } } } });
    return plan.report.findings.filter((f) => f.enforcementLevel === "mandatory").map(formatFinding);
  }

  it("trivy-operator with global Secret and ServiceAccount access is a mandatory finding", async () => {
    const findings = await mandatoryWith("trivy-operator", { operator: { accessGlobalSecretsAndServiceAccount: true } });
    assert.ok(
      findings.some((f) => /^ClusterRole trivy-operator/.test(f) && /\brbac-[a-z-]*secret/.test(f)),
      `no secrets finding: ${findings.join("\n")}`,
    );
  });

  it("Velero bound to cluster-admin by its chart is a mandatory finding", async () => {
    const findings = await mandatoryWith("velero", { rbac: { create: true, clusterAdministrator: true } });
    assert.ok(
      findings.some((f) => /rbac-no-cluster-admin-binding/.test(f)),
      `no cluster-admin finding: ${findings.join("\n")}`,
    );
  });

  it("Reloader watching every namespace is a mandatory finding", async () => {
    const findings = await mandatoryWith("reloader", { reloader: { watchGlobally: true, namespaces: [] } });
    assert.ok(
      findings.some((f) => /reloader/.test(f) && /rbac-no-secret-list-watch/.test(f)),
      `no finding: ${findings.join("\n")}`,
    );
  });
});
