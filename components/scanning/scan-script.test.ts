// The scan CronJobs' shell script, run for real with /bin/sh against stand-ins for `trivy` and `wget` that record
// how they were called: what the job passes to trivy, where the report lands, what is pruned, what is posted.
import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { SCAN_SCRIPT, scanCronJobManifest, scanJobs, type ScanJobsInput } from "./scan-jobs";

const input: ScanJobsInput = {
  namespace: "trivy-system",
  image: "aquasec/trivy:0.67.2",
  severity: ["CRITICAL", "HIGH"],
  ignoreUnfixed: false,
  exposedSecret: true,
  imageScanSchedule: "0 2 * * *",
  updateCheckSchedule: "0 6 * * *",
  appNamespaces: ["ecommerce", "ecommerce-data"],
  declaredNamespaces: ["ecommerce", "ecommerce-data", "trivy-system"],
  resources: { requestsCpu: "100m", requestsMemory: "512Mi", limitsCpu: "1", limitsMemory: "2Gi" },
  reportRetentionDays: 30,
  reportClaimName: "scan-reports",
  webhookSecretName: "scan-notification-webhook",
};

/** A fixture directory with stand-in executables and a reports root. */
function sandbox() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "scan-script-"));
  const bin = path.join(dir, "bin");
  fs.mkdirSync(bin);
  // trivy: record the arguments, write a report with two CRITICAL and one HIGH finding to --output.
  fs.writeFileSync(
    path.join(bin, "trivy"),
    `#!/bin/sh
printf '%s\\n' "$@" > "${dir}/trivy.args"
while [ $# -gt 0 ]; do if [ "$1" = "--output" ]; then out="$2"; fi; shift; done
printf '{\\n  "Vulnerabilities": [\\n    {"Severity": "CRITICAL"},\\n    {"Severity": "CRITICAL"},\\n    {"Severity": "HIGH"}\\n  ]\\n}\\n' > "$out"
`,
    { mode: 0o755 },
  );
  fs.writeFileSync(path.join(bin, "wget"), `#!/bin/sh\nprintf '%s\\n' "$@" > "${dir}/wget.args"\n`, { mode: 0o755 });
  return { dir, bin, reports: path.join(dir, "reports") };
}

/** Run the script with the environment the CronJob gives it (secret env vars replaced by plain values). */
function runJob(jobName: string, webhookUrl?: string) {
  const job = scanJobs(input).find((j) => j.name === jobName)!;
  const cj = scanCronJobManifest(job, input);
  const container = cj.spec.jobTemplate.spec.template.spec.containers[0];
  assert.deepEqual(container.command, ["/bin/sh", "-c", SCAN_SCRIPT]);
  const s = sandbox();
  const env: Record<string, string> = { PATH: `${s.bin}:/usr/bin:/bin` };
  for (const e of container.env as Array<{ name: string; value?: string }>) if (e.value !== undefined) env[e.name] = e.value;
  env.REPORTS = s.reports;
  env.HOME = s.dir;
  env.TMPDIR = s.dir;
  if (webhookUrl) env.WEBHOOK_URL = webhookUrl;
  // A report older than the retention, and a recent one: only the old one goes.
  const dirOf = path.join(s.reports, job.reportDir);
  fs.mkdirSync(dirOf, { recursive: true });
  const old = path.join(dirOf, "20000101T000000Z.json");
  const recent = path.join(dirOf, "recent.json");
  fs.writeFileSync(old, "{}");
  fs.writeFileSync(recent, "{}");
  const ago = (days: number) => new Date(Date.now() - days * 86400_000);
  fs.utimesSync(old, ago(40), ago(40));
  fs.utimesSync(recent, ago(2), ago(2));
  const r = spawnSync("/bin/sh", ["-c", SCAN_SCRIPT], { env, encoding: "utf8" });
  const read = (f: string) => (fs.existsSync(path.join(s.dir, f)) ? fs.readFileSync(path.join(s.dir, f), "utf8").trim().split("\n") : undefined);
  const result = {
    status: r.status,
    stdout: r.stdout,
    stderr: r.stderr,
    trivyArgs: read("trivy.args"),
    wgetArgs: read("wget.args"),
    files: fs.readdirSync(dirOf),
    old,
    recent,
  };
  fs.rmSync(s.dir, { recursive: true, force: true });
  return result;
}

const flag = (args: string[] | undefined, name: string) => {
  const i = (args ?? []).indexOf(name);
  return i < 0 ? undefined : args![i + 1];
};

describe("scan job script", () => {
  it("the image scan asks trivy for the app namespaces' workloads at the configured severities, without the node collector", () => {
    const r = runJob("image-scan", "https://hooks.example.com/T/B/x");
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.trivyArgs?.[0], "k8s");
    assert.equal(flag(r.trivyArgs, "--include-namespaces"), "ecommerce,ecommerce-data");
    assert.equal(flag(r.trivyArgs, "--severity"), "CRITICAL,HIGH");
    assert.equal(flag(r.trivyArgs, "--scanners"), "vuln,secret");
    assert.equal(flag(r.trivyArgs, "--format"), "json");
    assert.ok(r.trivyArgs?.includes("--disable-node-collector"));
    assert.ok(!r.trivyArgs?.includes("--ignore-unfixed"), "ignoreUnfixed false keeps unfixed findings");
  });

  it("the update check only reports vulnerabilities that have a fix, across every declared namespace", () => {
    const r = runJob("security-update-check");
    assert.equal(r.status, 0, r.stderr);
    assert.ok(r.trivyArgs?.includes("--ignore-unfixed"));
    assert.equal(flag(r.trivyArgs, "--include-namespaces"), "ecommerce,ecommerce-data,trivy-system");
    assert.equal(flag(r.trivyArgs, "--scanners"), "vuln");
  });

  it("writes a time-stamped report, prunes reports older than the retention and keeps recent ones", () => {
    const r = runJob("image-scan");
    assert.equal(r.status, 0, r.stderr);
    const written = r.files.filter((f) => /^\d{8}T\d{6}Z\.json$/.test(f) && f !== path.basename(r.old));
    assert.equal(written.length, 1, `files: ${r.files.join(", ")}`);
    assert.ok(!r.files.includes(path.basename(r.old)), "the 40-day-old report is pruned");
    assert.ok(r.files.includes(path.basename(r.recent)), "the 2-day-old report stays");
  });

  it("posts the finding counts as JSON to the webhook, and skips the post without one", () => {
    const r = runJob("image-scan", "https://hooks.example.com/T/B/x");
    assert.match(r.stdout, /image-scan \d{8}T\d{6}Z: 2 critical, 1 high findings in ecommerce,ecommerce-data/);
    assert.equal(r.wgetArgs?.[r.wgetArgs.length - 1], "https://hooks.example.com/T/B/x");
    const body = JSON.parse(flag(r.wgetArgs, "--post-data") ?? "null") as { text: string };
    assert.match(body.text, /2 critical, 1 high/);
    assert.equal(runJob("image-scan").wgetArgs, undefined);
  });
});
