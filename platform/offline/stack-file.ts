/** Read a real `Pulumi.<stack>.yaml` into the raw config map Pulumi would hand the program. */
import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import type { SecretConfigKey } from "../../core/config/secret-keys";
import type { RawStackConfig } from "../config/parse";
import { withStandInSecrets } from "./stand-in-secrets";

/** The repository root. */
export const repoRoot = path.resolve(__dirname, "..", "..");

/**
 * The Pulumi project folder whose stack files are read: the repository, unless ECOMMERCE_SECURITY_PROJECT_DIR
 * points elsewhere (the offline plan can render a copy of the stack files, e.g. a PR's proposed change).
 */
export const projectDir = process.env.ECOMMERCE_SECURITY_PROJECT_DIR ?? repoRoot;

/** The project name from Pulumi.yaml. */
export function projectName(root = projectDir): string {
  return (parse(fs.readFileSync(path.join(root, "Pulumi.yaml"), "utf8")) as { name: string }).name;
}

/** The stacks that have a stack file in the repository. */
export function stackNames(root = projectDir): string[] {
  return fs
    .readdirSync(root)
    .map((f) => /^Pulumi\.([^.]+)\.yaml$/.exec(f)?.[1])
    .filter((s): s is string => !!s)
    .sort();
}

/**
 * Load a stack file. Object values become JSON strings and scalars their literal, as Pulumi passes them;
 * a `secure:` value stays ciphertext (mocks never decrypt) and its key is marked secret, as Pulumi marks it.
 * Each credential the configuration needs and the file does not set (the committed files set none) gets a stand-in
 * value (./stand-in-secrets.ts), listed in `standInSecrets`.
 */
export function readStackFile(stack: string, root = projectDir): RawStackConfig & { file: string; standInSecrets: SecretConfigKey[] } {
  const file = path.join(root, `Pulumi.${stack}.yaml`);
  const doc = (parse(fs.readFileSync(file, "utf8")) ?? {}) as { config?: Record<string, unknown> };
  return withStandInSecrets({ ...toRawConfig(projectName(root), stack, doc.config ?? {}), file: path.basename(file) });
}

/** The secrets provider a stack file names (`secretsprovider:`, e.g. `awskms://alias/<key>?region=<region>`), if any. */
export function stackSecretsProvider(stack: string, root = projectDir): string | undefined {
  const doc = (parse(fs.readFileSync(path.join(root, `Pulumi.${stack}.yaml`), "utf8")) ?? {}) as { secretsprovider?: unknown };
  return typeof doc.secretsprovider === "string" ? doc.secretsprovider : undefined;
}

/** Turn a stack file's `config:` map into Pulumi's string map plus its secret keys. */
export function toRawConfig(project: string, stack: string, config: Record<string, unknown>): RawStackConfig {
  const values: Record<string, string> = {};
  const secretKeys = new Set<string>();
  for (const [key, value] of Object.entries(config)) {
    const full = key.includes(":") ? key : `${project}:${key}`;
    if (value && typeof value === "object" && !Array.isArray(value) && "secure" in value) {
      values[full] = String((value as { secure: unknown }).secure);
      secretKeys.add(full);
    } else {
      if (containsSecure(value)) secretKeys.add(full);
      values[full] = typeof value === "string" ? value : JSON.stringify(value);
    }
  }
  return { project, stack, values, secretKeys };
}

function containsSecure(v: unknown): boolean {
  if (!v || typeof v !== "object") return false;
  if (!Array.isArray(v) && "secure" in v) return true;
  return Object.values(v).some(containsSecure);
}
