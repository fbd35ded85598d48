/** `images`: where the platform's chart images are pulled from. */
import { z } from "zod";

/**
 * A registry host, optionally with a path (`harbor.shop.example.com` or `harbor.shop.example.com/proxy`): no scheme,
 * no tag, no trailing slash.
 */
const registryPrefix = z
  .string()
  .regex(
    /^([a-z0-9]([-a-z0-9]*[a-z0-9])?\.)+[a-z0-9]([-a-z0-9]*[a-z0-9])?(:[0-9]{1,5})?(\/[a-z0-9]+([._-][a-z0-9]+)*)*$/,
    "must be a registry host with an optional path, such as harbor.shop.example.com or harbor.shop.example.com/proxy (no scheme, no trailing slash)",
  );

export const imagesSchema = z
  .strictObject({
    /**
     * The platform's private registry acting as a pull-through mirror (Harbor with one proxy-cache project per upstream
     * registry, named after it). When set, every image of every chart is pulled as `<registryMirror>/<upstream
     * registry>/<repository>` (`quay.io/jetstack/cert-manager-controller` becomes
     * `<registryMirror>/quay.io/jetstack/cert-manager-controller`), and the policy pack admits chart images from the
     * mirror only.
     */
    registryMirror: registryPrefix.optional(),
  })
  .prefault({});

export type ImagesConfig = z.infer<typeof imagesSchema>;
