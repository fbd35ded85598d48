/**
 * `audit`: where a self-managed control plane (`cluster.flavor: generic`) keeps the API server's audit log and policy,
 * and how it rotates the log: the `kube-apiserver` flags the stack outputs (`auditApiServerFlags`), as the
 * architecture document sets them. Fluent Bit tails `logPath` on the control-plane nodes into the log store. On EKS
 * (`cluster.flavor: eks`) AWS runs the API server: these keys do not apply there (docs/audit.md).
 */
import { z } from "zod";

/** An absolute file path on the node. */
const nodePath = z.string().regex(/^\/[A-Za-z0-9._/-]+$/, "must be an absolute path on the node, such as /var/log/kubernetes/audit.log");

export const auditSchema = z
  .strictObject({
    /** `--audit-log-path`: the audit log file on each control-plane node (under /var/log, where Fluent Bit reads). */
    logPath: nodePath.default("/var/log/kubernetes/audit.log"),
    /** `--audit-policy-file`: where the policy file (the `auditPolicy` output, audit/audit-policy.yaml) is placed on the node. */
    policyFile: nodePath.default("/etc/kubernetes/audit-policy.yaml"),
    /** `--audit-log-maxage`: days a rotated audit log file is kept on the node. */
    maxAgeDays: z.number().int().min(1).default(30),
    /** `--audit-log-maxbackup`: rotated audit log files kept on the node. */
    maxBackups: z.number().int().min(1).default(10),
    /** `--audit-log-maxsize`: megabytes of an audit log file before it is rotated. */
    maxSizeMegabytes: z.number().int().min(1).default(100),
  })
  .prefault({});

export type AuditConfig = z.infer<typeof auditSchema>;
