// Who the pack is, as CrossGuard and policy:check name it: the PolicyPack's name and the version of its package.
import { version } from "./package.json";

/** The PolicyPack's name (what `pulumi policy publish` and `--policy-pack` reports show). */
export const PACK_NAME = "ecommerce-security";

/** The pack's version: its package.json's (what `pulumi policy publish` records). */
export const PACK_VERSION: string = version;
