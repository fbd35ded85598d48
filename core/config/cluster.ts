/** `cluster`: the facts about the Kubernetes cluster this stack deploys to. */
import { z } from "zod";
import { dnsLabel, ipv4Cidr } from "./primitives";

export const clusterSchema = z
  .strictObject({
    /** Cluster name, used in AWS resource names and IRSA trust policies. */
    name: dnsLabel,
    /** `eks` enables the EKS-only parts (IRSA, control-plane log types); `generic` is any conformant cluster. */
    flavor: z.enum(["eks", "generic"]).default("eks"),
    /** How the Kubernetes provider connects. Omit all three to use the ambient kubeconfig. */
    kubeconfig: z.string().min(1).optional().describe("path to a kubeconfig file"),
    /** kubeconfig context to use. */
    context: z.string().min(1).optional(),
    /** Read the kubeconfig from another stack's output instead (`org/project/stack` and the output name). */
    stackReference: z.strictObject({ stack: z.string().min(1), kubeconfigOutput: z.string().min(1).default("kubeconfig") }).optional(),
    /** IAM OIDC provider of the cluster, for IRSA trust policies (EKS). */
    oidcProviderArn: z
      .string()
      .regex(/^arn:aws:iam::[0-9]{12}:oidc-provider\/.+$/, "must be an IAM OIDC provider ARN")
      .optional(),
    /**
     * IAM roles or users (ARNs) that administer the platform's KMS keys (backup, secrets, log archive) besides the
     * identity running `pulumi up`, which always does: a break-glass role, say. Administration only: the key policies
     * let no administrator encrypt or decrypt, and never trust the whole account.
     */
    kmsKeyAdministrators: z
      .array(z.string().regex(/^arn:aws:iam::[0-9]{12}:(role|user)\/[\w+=,.@/-]+$/, "must be the ARN of an IAM role or user (not the account root)"))
      .optional(),
    /** Pod network ranges: excluded from "the internet" in egress rules. */
    podCidrs: z.array(ipv4Cidr).min(1),
    /** Service network ranges: excluded from "the internet" in egress rules. */
    serviceCidrs: z.array(ipv4Cidr).min(1),
    /** Node / VPC ranges: excluded from "the internet" in egress rules. */
    nodeCidrs: z.array(ipv4Cidr).default([]),
    /**
     * Kubernetes version of the cluster (`1.34.0`): what the charts are rendered against when the plan renders them
     * (`helm template --kube-version`), since charts choose API versions and fields by it.
     */
    kubernetesVersion: z
      .string()
      .regex(/^v?1\.\d+\.\d+$/, "must be a Kubernetes version such as 1.34.0")
      .default("1.34.0"),
    /**
     * API versions the cluster serves besides the built-in ones, from CRDs installed outside this program
     * (`monitoring.coreos.com/v1` when the Prometheus operator runs): charts render their optional objects for them.
     */
    apiVersions: z
      .array(z.string().regex(/^[a-z0-9.-]+\/v[0-9a-z]+(\/[A-Za-z]+)?$/, "must be group/version (monitoring.coreos.com/v1) or group/version/Kind"))
      .default([]),
  })
  .superRefine((c, ctx) => {
    if (c.stackReference && (c.kubeconfig || c.context)) {
      ctx.addIssue({ code: "custom", path: ["stackReference"], message: "use either stackReference or kubeconfig/context, not both" });
    }
    if (c.flavor === "eks" && !c.oidcProviderArn) {
      ctx.addIssue({ code: "custom", path: ["oidcProviderArn"], message: "is required when flavor is eks (IRSA trust policies need it)" });
    }
  });

export type ClusterConfig = z.infer<typeof clusterSchema>;
