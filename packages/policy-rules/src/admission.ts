// The admission group: the webhooks the API server calls before it admits an object. A webhook that fails open
// (failurePolicy: Ignore) lets everything through while it is down or unreachable, so taking it down switches its
// policy off; a webhook reached over plain HTTP hands every object (Secrets included) to whoever sits on the path.
import { z } from "zod";
import { fieldsOf, listOf } from "@ecommerce-security/pod-security";
import { namePatterns } from "./config";
import { isKind } from "./context";
import type { PolicyResource, PolicyRule, Violation } from "./types";
import { isUnknown } from "./unknown";

const ADMISSION = "admissionregistration.k8s.io";

const isWebhookConfiguration = (r: PolicyResource) =>
  isKind(r, ADMISSION, "ValidatingWebhookConfiguration") || isKind(r, ADMISSION, "MutatingWebhookConfiguration");

/** Each webhook of a configuration, with its path and name. */
function webhooksOf(resource: PolicyResource): Array<{ webhook: Readonly<Record<string, unknown>>; path: string; name: string }> {
  return listOf(resource.props.webhooks).flatMap((item, index) => {
    const webhook = fieldsOf(item);
    if (webhook === undefined) return [];
    return [{ webhook, path: `webhooks[${index}]`, name: typeof webhook.name === "string" ? webhook.name : `webhooks[${index}]` }];
  });
}

const failClosedConfig = z.strictObject({
  allowed: namePatterns(
    "Webhook configurations (name), or single webhooks (configuration/webhook), allowed to fail open, e.g. a mutating webhook that only adds labels.",
  ),
});

/** failurePolicy Fail. */
export const admissionWebhookFailClosed: PolicyRule<z.infer<typeof failClosedConfig>> = {
  name: "admission-webhook-fail-closed",
  group: "admission",
  description:
    "Admission webhooks fail closed (failurePolicy: Fail, the admissionregistration/v1 default): with Ignore, whoever can make the webhook unreachable or slow switches its policy off.",
  enforcementLevel: "mandatory",
  scope: "resource",
  config: failClosedConfig,
  appliesTo: isWebhookConfiguration,
  check(resource, config) {
    if (config.allowed.includes(resource.ref.name)) return [];
    // admissionregistration.k8s.io/v1beta1 defaulted to Ignore.
    const defaultPolicy = resource.ref.apiVersion === `${ADMISSION}/v1beta1` ? "Ignore" : "Fail";
    const violations: Violation[] = [];
    for (const { webhook, path, name } of webhooksOf(resource)) {
      const policy = webhook.failurePolicy ?? defaultPolicy;
      if (isUnknown(policy) || policy !== "Ignore") continue;
      if (config.allowed.includes(`${resource.ref.name}/${name}`)) continue;
      violations.push({
        path: `${path}.failurePolicy`,
        message: `webhook "${name}" fails open (failurePolicy ${webhook.failurePolicy === undefined ? "defaults to " : ""}Ignore): objects are admitted unchecked whenever it does not answer`,
        fix: "set failurePolicy: Fail and run the webhook with several replicas (and a PodDisruptionBudget)",
      });
    }
    return violations;
  },
};

const tlsConfig = z.strictObject({});

/** Webhooks over HTTPS, to a Service or an https:// URL. */
export const admissionWebhookTls: PolicyRule<z.infer<typeof tlsConfig>> = {
  name: "admission-webhook-tls",
  group: "admission",
  description:
    "Admission webhooks are called over TLS: clientConfig names a Service or an https:// URL, never http://, so the objects the API server sends (Secrets included) and the verdicts cannot be read or forged on the way.",
  enforcementLevel: "mandatory",
  scope: "resource",
  config: tlsConfig,
  appliesTo: isWebhookConfiguration,
  check(resource) {
    const violations: Violation[] = [];
    for (const { webhook, path, name } of webhooksOf(resource)) {
      const url = fieldsOf(webhook.clientConfig)?.url;
      if (typeof url !== "string" || isUnknown(url) || /^https:\/\//i.test(url)) continue;
      violations.push({
        path: `${path}.clientConfig.url`,
        message: `webhook "${name}" is called at ${url}, not over https://`,
        fix: "serve the webhook over HTTPS (clientConfig.service, or an https:// URL with its caBundle)",
      });
    }
    return violations;
  },
};

/** The rules of the admission group. */
export const admissionRules: readonly PolicyRule[] = [admissionWebhookFailClosed, admissionWebhookTls] as PolicyRule[];
