/**
 * Credentials on command lines: what a workload's processes would carry in their arguments, which every process of
 * the node can read in /proc/<pid>/cmdline. Reads each container's command and args (Kubernetes expands `$(VAR)` there)
 * and, when the container runs a shell, parses the script (`sh -c <script>`, or a script file from a mounted ConfigMap)
 * with a POSIX shell parser (mvdan-sh) and looks at every command's arguments.
 * A finding is: a secret-sourced environment variable expanded into an argument, a command substitution reading a file
 * of a mounted Secret into an argument, or curl given `-u`/`--user` at all.
 */
import sh from "mvdan-sh";
import type { KubernetesObject } from "../../platform/offline/recorded-resource";

/* eslint-disable @typescript-eslint/no-explicit-any */

/** The pod spec of an object carrying one (Pod, workloads, CronJob), or undefined. */
function podSpecIn(o: KubernetesObject): any {
  const spec = o.spec as any;
  if (!spec) return undefined;
  if (o.kind === "Pod") return spec;
  if (o.kind === "CronJob") return spec.jobTemplate?.spec?.template?.spec;
  return spec.template?.spec;
}

/** A container with what its arguments could draw secrets from. */
interface ContainerContext {
  where: string;
  /** Env vars whose value comes from a Secret (all of them when the container has `envFrom` a Secret: `*`). */
  secretEnv: Set<string>;
  /** Mount paths of Secret volumes. */
  secretMounts: string[];
}

function secretEnvOf(container: any): Set<string> {
  const names = new Set<string>();
  for (const e of container.env ?? []) if (e.valueFrom?.secretKeyRef) names.add(e.name);
  if ((container.envFrom ?? []).some((e: any) => e.secretRef)) names.add("*");
  return names;
}

const isSecretEnv = (c: ContainerContext, name: string) => c.secretEnv.has(name) || (c.secretEnv.has("*") && !/^(HOME|PATH|HOSTNAME)$/.test(name));

/** The text of a shell word made of literal and quoted parts only (flags such as `-u`, `'-u'`); "" when it expands something. */
function literal(word: any): string {
  let text = "";
  let expands = false;
  sh.syntax.Walk(word, (n) => {
    if (!n) return true;
    const type = sh.syntax.NodeType(n);
    if (type === "Lit") text += n.Value;
    else if (type === "SglQuoted") text += n.Value;
    else if (type === "ParamExp" || type === "CmdSubst" || type === "ArithmExp") expands = true;
    return type !== "SglQuoted";
  });
  return expands ? "" : text;
}

/** Whether an argument gives curl credentials (`-u`, `-uuser:pass`, `--user`, `--user=...`). */
const isCurlUserFlag = (arg: string) => arg === "-u" || arg === "--user" || /^-u./.test(arg) || arg.startsWith("--user=");

/** Findings in one parsed shell script. */
function scriptFindings(script: string, c: ContainerContext): string[] {
  const findings: string[] = [];
  const file = sh.syntax.NewParser().Parse(script, c.where);
  sh.syntax.Walk(file, (node) => {
    if (!node || sh.syntax.NodeType(node) !== "CallExpr") return true;
    const args: any[] = node.Args ?? [];
    const command = args.length > 0 ? literal(args[0]) : "";
    args.forEach((word, index) => {
      const text = literal(word);
      if (command === "curl" && isCurlUserFlag(text)) {
        findings.push(`${c.where}: curl is given credentials on its command line (${text}); use --config <file of a Secret volume>`);
      }
      if (index === 0) return;
      sh.syntax.Walk(word, (part) => {
        if (!part) return true;
        const type = sh.syntax.NodeType(part);
        if (type === "ParamExp" && isSecretEnv(c, part.Param.Value)) {
          findings.push(`${c.where}: \`${command}\` gets the secret variable ${part.Param.Value} as an argument`);
        }
        if (type === "CmdSubst") {
          const text = scriptOf(part);
          if (c.secretMounts.some((m) => text.includes(m))) findings.push(`${c.where}: \`${command}\` gets a Secret file's content as an argument (${text})`);
        }
        return true;
      });
    });
    return true;
  });
  return findings;
}

/** The literal words of a command substitution (enough to see which file it reads). */
function scriptOf(node: any): string {
  const words: string[] = [];
  sh.syntax.Walk(node, (n) => {
    if (n && sh.syntax.NodeType(n) === "Lit") words.push(n.Value);
    return true;
  });
  return words.join(" ");
}

const SHELLS = /^(\/bin\/|\/usr\/bin\/)?(sh|bash|ash|dash)$/;

/** The script a shell container runs: `sh -c <script>`, or `sh <file>` read from a mounted ConfigMap. */
function scriptRun(argv: string[], container: any, pod: any, configMaps: Map<string, Record<string, string>>): string | undefined {
  if (argv.length < 2 || !SHELLS.test(argv[0])) return undefined;
  const rest = argv.slice(1).filter((a) => a !== "-e" && a !== "-eu" && a !== "-u");
  if (rest[0] === "-c") return rest[1];
  const path = rest[0];
  for (const mount of container.volumeMounts ?? []) {
    if (!path.startsWith(`${mount.mountPath}/`)) continue;
    const volume = (pod.volumes ?? []).find((v: any) => v.name === mount.name);
    const fileName = path.slice(mount.mountPath.length + 1);
    const item = (volume?.configMap?.items ?? []).find((i: any) => i.path === fileName);
    const data = volume?.configMap ? configMaps.get(`${pod.__namespace}/${volume.configMap.name}`) : undefined;
    if (data) return data[item?.key ?? fileName];
  }
  return undefined;
}

/**
 * Every place the objects put a credential on a process's command line, as `<kind> <namespace>/<name> <container>:
 * what`. An empty list means none.
 */
export function credentialsOnCommandLines(objects: KubernetesObject[]): string[] {
  const configMaps = new Map<string, Record<string, string>>();
  for (const o of objects)
    if (o.kind === "ConfigMap") configMaps.set(`${o.metadata.namespace}/${o.metadata.name}`, ((o as any).data ?? {}) as Record<string, string>);
  const findings: string[] = [];
  for (const o of objects) {
    const pod = podSpecIn(o);
    if (!pod) continue;
    const withNamespace = { ...pod, __namespace: o.metadata.namespace };
    for (const container of [...(pod.initContainers ?? []), ...(pod.containers ?? [])]) {
      const c: ContainerContext = {
        where: `${o.kind} ${o.metadata.namespace}/${o.metadata.name} ${container.name}`,
        secretEnv: secretEnvOf(container),
        secretMounts: (container.volumeMounts ?? [])
          .filter((m: any) => (pod.volumes ?? []).some((v: any) => v.name === m.name && (v.secret || v.projected?.sources?.some((s: any) => s.secret))))
          .map((m: any) => m.mountPath),
      };
      const argv: string[] = [...(container.command ?? []), ...(container.args ?? [])];
      // Kubernetes itself expands $(VAR) in command and args before the process starts.
      for (const arg of argv) {
        for (const [, name] of arg.matchAll(/(?<!\$)\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g)) {
          if (isSecretEnv(c, name)) findings.push(`${c.where}: the argument "${arg}" expands the secret variable ${name}`);
        }
      }
      if (argv[0] === "curl" || argv[0]?.endsWith("/curl")) findings.push(...scriptFindings(argv.map(shellQuote).join(" "), c));
      const script = scriptRun(argv, container, withNamespace, configMaps);
      if (script !== undefined) findings.push(...scriptFindings(script, c));
    }
  }
  return findings;
}

/** One argument as a single-quoted shell word (the argv is already split: nothing in it is expanded by a shell). */
function shellQuote(arg: string): string {
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}
