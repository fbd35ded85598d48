/**
 * Run the real program under `pulumi.runtime.setMocks` and record every resource it registers:
 * type, name, parent, dependsOn, protect, inputs (resolved) and which input paths are secret.
 * Used by the tests and by the offline plan (`npm run plan`), so both see exactly what `pulumi up` would send.
 */
import * as pulumi from "@pulumi/pulumi";
import deepmerge from "deepmerge";
import { toProgramConfig } from "../config/load";
import { parseStackConfig, type RawStackConfig, type StackConfig } from "../config/parse";
import { Platform } from "../platform";
import type { AnyFeature } from "../resolve";
import { mockOutputs } from "./mock-outputs";
import type { RecordedResource } from "./recorded-resource";
import { resolveInputs, resolveWithSecrets } from "./resolve-inputs";

export type { RecordedResource } from "./recorded-resource";

/** The outcome of one program run. */
export interface StackRun {
  stack: string;
  config: StackConfig;
  resources: RecordedResource[];
  /** The stack outputs (what index.ts exports: Platform.stackOutputs), resolved, secrets unwrapped. */
  outputs: Record<string, unknown>;
  /** Dotted paths of {@link outputs} that are Pulumi secrets (`` for the whole map, `key` for one output). */
  outputSecretPaths: string[];
}

/** Options of {@link runProgram}. */
export interface RunOptions {
  /** Config values deep-merged over the stack file (arrays replace); `undefined` deletes a key. */
  overrides?: Record<string, unknown>;
  /** Run as `pulumi preview` (outputs unknown) rather than `pulumi up`. */
  preview?: boolean;
  /** The feature list to run instead of the program's (to try a new concern before it joins platform/features.ts). */
  features?: readonly AnyFeature[];
}

type Pending = Omit<RecordedResource, "inputs" | "secretPaths"> & { props: Record<string, unknown> };

/** Apply overrides to a raw config (top-level keys under the project namespace). */
export function withOverrides(raw: RawStackConfig, overrides: Record<string, unknown> = {}): RawStackConfig {
  const values = { ...raw.values };
  for (const [key, value] of Object.entries(overrides)) {
    const full = `${raw.project}:${key}`;
    if (value === undefined) {
      delete values[full];
      continue;
    }
    const current = values[full];
    const currentObj = current && current.startsWith("{") ? JSON.parse(current) : undefined;
    const merged =
      currentObj && value && typeof value === "object" && !Array.isArray(value) ? deepmerge(currentObj, value, { arrayMerge: (_t, s) => s }) : value;
    values[full] = typeof merged === "string" ? merged : JSON.stringify(merged);
  }
  return { ...raw, values };
}

/** Run the program against a raw stack config and record what it registers. */
export async function runProgram(raw: RawStackConfig, options: RunOptions = {}): Promise<StackRun> {
  const effective = withOverrides(raw, options.overrides);
  // Validate first: a config error must surface before any resource (and before the mock runtime starts).
  const parsed = parseStackConfig(effective, { features: options.features });
  const pending: Pending[] = [];
  const state = new Map<string, Record<string, unknown>>();

  pulumi.runtime.setAllConfig(effective.values, [...effective.secretKeys]);
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        const outputs = { ...args.inputs, ...mockOutputs(args.type, args.name, args.inputs) };
        if (args.custom) state.set(`${args.type}::${args.name}`, args.inputs);
        // A provider's ID where mock-outputs knows it (an S3 bucket's ID is its name), `<name>-id` otherwise.
        return { id: typeof outputs.id === "string" ? outputs.id : `${args.name}-id`, state: outputs };
      },
      call: (args) => mockOutputs(args.token, "call", args.inputs),
    },
    raw.project,
    raw.stack,
    options.preview ?? false,
  );

  let exported: Record<string, pulumi.Input<unknown>> = {};
  await pulumi.runtime.runInPulumiStack(async () => {
    pulumi.runtime.registerStackTransformation((args) => {
      const parent = args.opts.parent as (pulumi.Resource & { __pulumiType?: string; __name?: string }) | undefined;
      const deps = args.opts.dependsOn;
      const depList = (Array.isArray(deps) ? deps : deps ? [deps] : []) as Array<pulumi.Resource & { __pulumiType?: string; __name?: string }>;
      pending.push({
        type: args.type,
        name: args.name,
        custom: false, // known only once the mock monitor sees the registration
        parent: parent ? { type: parent.__pulumiType ?? "?", name: parent.__name ?? "?" } : undefined,
        dependsOn: depList.map((d) => `${d.__pulumiType}::${d.__name}`),
        protect: !!args.opts.protect,
        props: args.props as Record<string, unknown>,
      });
      return undefined;
    });
    // The same outputs index.ts exports.
    exported = new Platform("ecommerce", { config: toProgramConfig(parsed), features: options.features }).stackOutputs;
    return exported;
  });
  const outputs = await resolveWithSecrets(exported);
  await pulumi.runtime.disconnect();

  const resources: RecordedResource[] = [];
  for (const p of pending) {
    const { props, ...rest } = p;
    const secretPaths: string[] = [];
    const resolved = (await resolveInputs(props, "", secretPaths)) as Record<string, unknown>;
    const registered = state.get(`${p.type}::${p.name}`);
    resources.push({ ...rest, custom: registered !== undefined, inputs: registered ?? resolved, secretPaths });
  }
  return { stack: raw.stack, config: parsed, resources, outputs: (outputs.value ?? {}) as Record<string, unknown>, outputSecretPaths: outputs.secretPaths };
}
