/**
 * The derived service passwords, for what imports them from here (tests/stacks/credentials.test.ts). They are
 * defined in core/ because the GDPR retention job of compliance authenticates with one of them.
 */
export { derivePassword, type DerivedSecretLabel } from "../../core/derived-passwords";
