/**
 * `podSecurity`: the Pod Security Admission level of every namespace the stack declares.
 * Restricted unless a namespace is listed here with a lower level and the reason it needs it.
 */
import { z } from "zod";
import { dnsLabel, podSecurityLevel, podSecurityVersion } from "./primitives";

const namespaceLevel = z.strictObject({
  /** The enforce level (audit and warn are always restricted, so the gap stays visible). */
  level: podSecurityLevel,
  /** Why this namespace cannot run restricted: required for anything below restricted. */
  reason: z.string().min(10, "must say why the namespace needs a lower level").optional(),
});

export const podSecuritySchema = z
  .strictObject({
    /** Version of the standard pinned in the `-version` labels. */
    version: podSecurityVersion.default("latest"),
    /** Level of namespaces not listed below. */
    defaultLevel: podSecurityLevel.default("restricted"),
    /** Per-namespace exceptions. */
    namespaces: z.record(dnsLabel, namespaceLevel).default({}),
  })
  .superRefine((p, ctx) => {
    for (const [ns, entry] of Object.entries(p.namespaces)) {
      if (entry.level !== "restricted" && !entry.reason) {
        ctx.addIssue({ code: "custom", path: ["namespaces", ns, "reason"], message: `level ${entry.level} needs a reason (why restricted is not enough)` });
      }
    }
  })
  .prefault({});

export type PodSecurityConfig = z.infer<typeof podSecuritySchema>;
