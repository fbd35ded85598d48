/**
 * Print the container images every pod template of the given stacks runs, as a JSON array (for the CI image scan):
 *   npx tsx cli/images.ts --stack staging --stack production
 * Runs the program offline (Pulumi mocks), like `npm run plan`. Exit 2 on an unknown stack.
 */
import { podTemplateOf } from "@ecommerce-security/pod-security";
import { kubernetesObjects } from "../platform/offline/recorded-resource";
import { runProgram } from "../platform/offline/mock-runtime";
import { readStackFile, stackNames } from "../platform/offline/stack-file";
import { loadCommander, parseArguments, runCommand } from "./args";

/** Images of every container (init, regular, ephemeral) of every object carrying a pod template. */
export function imagesOf(objects: unknown[]): string[] {
  const images = new Set<string>();
  for (const o of objects) {
    const t = podTemplateOf(o);
    const spec = t?.spec as
      { containers?: Array<{ image?: string }>; initContainers?: Array<{ image?: string }>; ephemeralContainers?: Array<{ image?: string }> } | undefined;
    for (const c of [...(spec?.initContainers ?? []), ...(spec?.containers ?? []), ...(spec?.ephemeralContainers ?? [])]) if (c.image) images.add(c.image);
  }
  return [...images].sort();
}

async function main(args: readonly string[]): Promise<number> {
  const { Command } = await loadCommander();
  const program = new Command().name("images").requiredOption("-s, --stack <name...>", `stacks (${stackNames().join(", ")})`);
  const usage = parseArguments(program, args, 1);
  if (usage !== undefined) return usage;
  const stacks = program.opts<{ stack: string[] }>().stack;
  const unknown = stacks.filter((s) => !stackNames().includes(s));
  if (unknown.length) {
    console.error(`images: no stack file for ${unknown.join(", ")}; stacks: ${stackNames().join(", ")}`);
    return 2;
  }
  const all = new Set<string>();
  for (const s of stacks) {
    const run = await runProgram(readStackFile(s));
    for (const image of imagesOf(kubernetesObjects(run.resources))) all.add(image);
  }
  console.log(JSON.stringify([...all].sort()));
  return 0;
}

if (require.main === module) runCommand(main);
