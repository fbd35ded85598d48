/**
 * The whole stack configuration: one zod schema over every `ecommerce-security:*` key, composed from the
 * platform-wide keys (core/config/platform.ts) and each feature's switches and sections (platform/features.ts).
 * Unknown keys are errors (a typo must not silently fall back to a default).
 */
import { z } from "zod";
import { capabilitySwitches } from "../../core/config/capabilities";
import { platformSections, platformSectionsAfterFeatures } from "../../core/config/platform";
import type { Feature, FeatureSwitch } from "../../core/feature";
import { features, type FeatureList } from "../features";

type UnionToIntersection<U> = (U extends unknown ? (k: U) => void : never) extends (k: infer I) => void ? I : never;
/** The sections of every feature of the list, as one object type (so the parsed config stays fully typed). */
type SectionsOf<L extends readonly unknown[]> = UnionToIntersection<L[number] extends infer F ? (F extends { sections: infer S } ? S : never) : never>;

const switchSchema = (s: FeatureSwitch) => z.boolean().default(s.default).describe(s.description);

/** A feature as the schema composition reads it: its switches and its sections. */
type SchemaContribution = Pick<Feature, "switches" | "sections">;

/**
 * `features`: which concerns this stack deploys (each concern's switches, in the order of the feature list), and
 * which providers it may use (the capabilities). Turning a switch off removes exactly its resources.
 */
function featuresSchemaOf(list: readonly SchemaContribution[]) {
  const switches = [...list.flatMap((f) => Object.entries(f.switches ?? {})), ...Object.entries(capabilitySwitches)];
  return z.strictObject(Object.fromEntries(switches.map(([key, s]) => [key, switchSchema(s)])) as Record<string, z.ZodDefault<z.ZodBoolean>>).prefault({});
}

/** Every section of the features of a list, by key. */
function sectionsOf(list: readonly SchemaContribution[]): Record<string, z.ZodType> {
  return Object.assign({}, ...list.map((f) => f.sections ?? {}));
}

/** The schema of every non-secret key of a feature list: the platform-wide keys, its switches and its sections. */
export function composeConfigSchema(list: readonly SchemaContribution[]) {
  return z.strictObject({ ...platformSections, features: featuresSchemaOf(list), ...platformSectionsAfterFeatures, ...sectionsOf(list) });
}

/**
 * The non-secret keys of this program's stacks. The same composition as {@link composeConfigSchema}, written with the
 * sections' static types so the parsed configuration is fully typed. Secret keys are validated apart.
 */
export const stackConfigSchema = z.strictObject({
  ...platformSections,
  features: featuresSchemaOf(features),
  ...platformSectionsAfterFeatures,
  ...(sectionsOf(features) as SectionsOf<FeatureList>),
});

export type StackConfigInput = z.input<typeof stackConfigSchema>;
export type ParsedStackConfig = z.infer<typeof stackConfigSchema>;
