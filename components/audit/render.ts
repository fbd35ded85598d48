/** The audit policy as the YAML file committed at audit/audit-policy.yaml and exported as a stack output. */
import { stringify } from "yaml";
import { AUDIT_POLICY_HEADER, auditPolicy } from "./policy";

/** Path of the committed file, relative to the repository root. */
export const AUDIT_POLICY_FILE = "audit/audit-policy.yaml";

/** The policy document (without the header comment): what the stack output carries. */
export function auditPolicyYaml(): string {
  return stringify(auditPolicy(), { lineWidth: 0, aliasDuplicateObjects: false });
}

/** The committed file: header comment and the document. */
export function auditPolicyFile(): string {
  return `${AUDIT_POLICY_HEADER}${auditPolicyYaml()}`;
}
