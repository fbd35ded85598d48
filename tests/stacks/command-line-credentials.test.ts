import { strict as assert } from "node:assert";
import { kubernetesObjects, type KubernetesObject } from "../../platform/offline/recorded-resource";
import { realStacks, runStack } from "../harness";
import { credentialsOnCommandLines } from "../harness/command-lines";

/** A Job running `command` with a secret-sourced variable, and the ConfigMap holding its script. */
function jobWith(command: string[], script?: string): KubernetesObject[] {
  const job = {
    apiVersion: "batch/v1",
    kind: "Job",
    metadata: { name: "setup", namespace: "shop" },
    spec: {
      template: {
        spec: {
          containers: [
            {
              name: "setup",
              image: "curl",
              command,
              env: [
                { name: "PASSWORD", valueFrom: { secretKeyRef: { name: "creds", key: "password" } } },
                { name: "URL", value: "https://es:9200" },
              ],
              volumeMounts: [
                { name: "script", mountPath: "/scripts" },
                { name: "creds", mountPath: "/credentials" },
              ],
            },
          ],
          volumes: [
            { name: "script", configMap: { name: "setup-script" } },
            { name: "creds", secret: { secretName: "creds" } },
          ],
        },
      },
    },
  };
  const configMap = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "setup-script", namespace: "shop" }, data: { "setup.sh": script ?? "" } };
  return [job, configMap] as KubernetesObject[];
}

describe("no credential on a command line (/proc/<pid>/cmdline is readable by every process of the node)", () => {
  for (const stack of realStacks) {
    it(`${stack}: no container's arguments, nor any command of the scripts it runs, carries a credential`, async () => {
      const run = await runStack(stack);
      const objects = kubernetesObjects(run.resources);
      // The jobs this is about are there: the GDPR clean-up CronJob and the Elasticsearch setup Job. (The GDPR
      // log-retention job runs only against an external store: components/compliance/compliance.test.ts.)
      assert.ok(objects.some((o) => o.kind === "CronJob" && o.metadata.name === "gdpr-data-cleanup"));
      assert.ok(objects.some((o) => o.kind === "Job" && o.metadata.name?.startsWith("elasticsearch-security-setup")));
      assert.deepEqual(credentialsOnCommandLines(objects), []);
    });
  }

  it("finds a secret variable Kubernetes expands into an argument ($(VAR))", () => {
    const found = credentialsOnCommandLines(jobWith(["curl", "-u", "user:$(PASSWORD)", "$(URL)"]));
    assert.equal(found.length, 2, found.join("\n"));
    assert.match(found.join("\n"), /expands the secret variable PASSWORD/);
    assert.match(found.join("\n"), /curl is given credentials on its command line \(-u\)/);
  });

  it("finds a secret variable a script expands into a command's arguments, in a body as in -u", () => {
    const script = [
      "#!/bin/sh",
      'es() { curl --silent -u "elastic:${PASSWORD}" "$URL$1" "$@"; }',
      'es /_security/user/x -d "{\\"password\\":\\"${PASSWORD}\\"}"',
      'token=$(cat /credentials/token); curl -H "Authorization: Bearer $(cat /credentials/token)" "$URL"',
    ].join("\n");
    const found = credentialsOnCommandLines(jobWith(["sh", "/scripts/setup.sh"], script));
    assert.deepEqual(
      found.map((f) => f.replace(/^Job shop\/setup setup: /, "")),
      [
        "curl is given credentials on its command line (-u); use --config <file of a Secret volume>",
        "`curl` gets the secret variable PASSWORD as an argument",
        "`es` gets the secret variable PASSWORD as an argument",
        "`curl` gets a Secret file's content as an argument (cat /credentials/token)",
      ],
    );
  });

  it("accepts credentials read by curl from files (--config, --data-binary @file) and plain variables", () => {
    const script = 'curl --config /credentials/curl.conf --data-binary @/credentials/body.json "$URL/_security/user/x"\n';
    assert.deepEqual(credentialsOnCommandLines(jobWith(["sh", "-c", script])), []);
    assert.deepEqual(credentialsOnCommandLines(jobWith(["sh", "/scripts/setup.sh"], script)), []);
  });
});
