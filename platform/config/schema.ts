/**
 * The whole stack configuration: one zod schema over every `ecommerce-security:*` key, composed from the
 * platform-wide keys (core/config/platform.ts) and each feature's switches and sections (platform/features.ts).
 * Unknown keys are errors (a typo must not silently fall back to a default).
 */
import { z } from "zod";
import { capabilitySwitches } from "../../core/config/capabilities";
import { platformSections, platformSectionsAfterFeatures } from "../../core/config/platform";
import { secretConfigKeyNames } from "../../core/config/secret-keys";
import type { FeatureSwitch } from "../../core/feature";
import { features, type FeatureList } from "../features";

type UnionToIntersection<U> = (U extends unknown ? (k: U) => void : never) extends (k: infer I) => void ? I : never;
/** The sections of every feature of the list, as one object type (so the parsed config stays fully typed). */
type SectionsOf<L extends readonly unknown[]> = UnionToIntersection<L[number] extends infer F ? (F extends { sections: infer S } ? S : never) : never>;

const switchSchema = (s: FeatureSwitch) => z.boolean().default(s.default).describe(s.description);

/**
 * `features`: which concerns this stack deploys (each concern's switches, in the order of the feature list), and
 * which providers it may use (the capabilities). Turning a switch off removes exactly its resources.
 */
export const featuresSchema = z
  .strictObject(
    Object.fromEntries(
      [...features.flatMap((f) => Object.entries(f.switches ?? {})), ...Object.entries(capabilitySwitches)].map(([key, s]) => [key, switchSchema(s)]),
    ) as Record<string, z.ZodDefault<z.ZodBoolean>>,
  )
  .prefault({});

const featureSections = Object.assign({}, ...features.map((f) => f.sections ?? {})) as SectionsOf<FeatureList>;

/** The non-secret keys. Secret keys (core/config/secret-keys.ts) are validated apart. */
export const stackConfigSchema = z.strictObject({
  ...platformSections,
  features: featuresSchema,
  ...platformSectionsAfterFeatures,
  ...featureSections,
});

export type StackConfigInput = z.input<typeof stackConfigSchema>;
export type ParsedStackConfig = z.infer<typeof stackConfigSchema>;

/** Every top-level key a stack file may set, for "unknown key" messages. */
export const knownConfigKeys = [...Object.keys(stackConfigSchema.shape), ...secretConfigKeyNames];
