// ecommerce-security: the security layer of the Kubernetes e-commerce platform.
// Everything lives in components/platform.ts; this file only reads the configuration and exports outputs.
import { loadStackConfig } from "./config";
import { Platform } from "./components/platform";

const config = loadStackConfig();
const platform = new Platform("ecommerce", { config });

/** Namespaces this stack declares. */
export const namespaces = platform.namespaceNames;
