// The error raised for manifests the analyzer cannot evaluate faithfully.

/**
 * Invalid NetworkPolicy or workload input (an unknown protocol, a port out of range, a bad CIDR, ...).
 * Carries every problem found, each naming the source file, the object, the field path, the value and what is allowed.
 */
export class NetpolInputError extends Error {
  constructor(
    /** One line per problem, e.g. `netpol.yaml: NetworkPolicy shop/db: spec.ingress[0].ports[0].protocol: "HTTP"; allowed: TCP, UDP, SCTP`. */
    readonly problems: readonly string[],
  ) {
    super(`invalid network policy input:\n  ${problems.join("\n  ")}`);
    this.name = "NetpolInputError";
  }
}
