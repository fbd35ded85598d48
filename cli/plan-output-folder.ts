/**
 * The plan's output folder: the plan empties it on every run, so it only ever writes into a folder it created or
 * one it marked as its own. A marker file is written when the plan claims a folder; any other non-empty folder
 * (a typo such as `--out docs`) is refused and left exactly as it was. Nothing outside the folder is touched.
 */
import * as fs from "node:fs";
import * as path from "node:path";

/** The file that marks a folder as a plan folder (written when the plan creates or claims it). */
export const PLAN_MARKER = ".ecommerce-security-plan";

const markerText = "Written by `npm run plan` (ecommerce-security). The plan empties this folder on each run; remove this file to keep it from doing so.\n";

/** Why a plan cannot be written into `out`, or undefined when it can (missing, empty, or a plan folder). Changes nothing. */
export function outputFolderProblem(out: string): string | undefined {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(out);
  } catch {
    return undefined; // the plan creates it
  }
  if (!stat.isDirectory()) return `--out ${out} is a file, not a folder; give a new folder or one an earlier plan wrote`;
  const entries = fs.readdirSync(out);
  if (entries.length === 0 || entries.includes(PLAN_MARKER)) return undefined;
  return (
    `--out ${out} is not empty and no plan wrote it (there is no ${PLAN_MARKER} in it), so it is left untouched: ` +
    `the plan empties its output folder. Give a new or empty folder, or one an earlier plan wrote.`
  );
}

/** Thrown when the plan is asked to write into a folder it does not own. */
export class ForeignFolderError extends Error {}

/**
 * Makes `out` an empty plan folder: creates it (and missing parents), or empties it when it is empty or a plan
 * folder, and writes the marker. Throws {@link ForeignFolderError} on any other folder, which stays unchanged.
 */
export function claimOutputFolder(out: string): void {
  const problem = outputFolderProblem(out);
  if (problem) throw new ForeignFolderError(problem);
  fs.mkdirSync(out, { recursive: true });
  // Only the folder's own entries are removed; a symbolic link inside it is removed as a link, never followed.
  for (const entry of fs.readdirSync(out)) fs.rmSync(path.join(out, entry), { recursive: true, force: true });
  fs.writeFileSync(path.join(out, PLAN_MARKER), markerText);
}
