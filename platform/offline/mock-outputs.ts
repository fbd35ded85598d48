/** Plausible provider outputs for the mock runtime: what a real provider computes that the program reads back. */

/** Extra output properties for a resource or invoke of the given type. */
export function mockOutputs(type: string, name: string, inputs: Record<string, unknown>): Record<string, unknown> {
  const arn = (service: string, resource: string) => `arn:aws:${service}:eu-west-1:111122223333:${resource}`;
  switch (type) {
    case "tls:index/privateKey:PrivateKey":
      return {
        privateKeyPem: `-----BEGIN PRIVATE KEY-----\nMOCK-${name}\n-----END PRIVATE KEY-----\n`,
        privateKeyPemPkcs8: `-----BEGIN PRIVATE KEY-----\nMOCK-${name}\n-----END PRIVATE KEY-----\n`,
        publicKeyPem: `-----BEGIN PUBLIC KEY-----\nMOCK-${name}\n-----END PUBLIC KEY-----\n`,
        publicKeyOpenssh: `ssh-ed25519 MOCK-${name}`,
      };
    case "tls:index/certRequest:CertRequest":
      return { certRequestPem: `-----BEGIN CERTIFICATE REQUEST-----\nMOCK-${name}\n-----END CERTIFICATE REQUEST-----\n` };
    case "tls:index/selfSignedCert:SelfSignedCert":
    case "tls:index/locallySignedCert:LocallySignedCert":
      return { certPem: `-----BEGIN CERTIFICATE-----\nMOCK-${name}\n-----END CERTIFICATE-----\n` };
    case "aws:kms/key:Key":
      return { arn: arn("kms", `key/${name}`), keyId: `${name}-key-id` };
    case "aws:kms/alias:Alias":
      return { arn: arn("kms", `alias/${name}`) };
    case "aws:s3/bucket:Bucket":
    case "aws:s3/bucketV2:BucketV2": {
      const bucket = (inputs.bucket as string | undefined) ?? name;
      return { bucket, arn: `arn:aws:s3:::${bucket}`, id: bucket };
    }
    case "aws:iam/role:Role":
      return { arn: `arn:aws:iam::111122223333:role/${(inputs.name as string | undefined) ?? name}`, name: inputs.name ?? name };
    case "aws:iam/policy:Policy":
      return { arn: `arn:aws:iam::111122223333:policy/${(inputs.name as string | undefined) ?? name}` };
    case "aws:secretsmanager/secret:Secret":
      return { arn: arn("secretsmanager", `secret:${(inputs.name as string | undefined) ?? name}-AbCdEf`) };
    case "random:index/randomPassword:RandomPassword":
      return { result: `mock-random-${name}`.padEnd(Number(inputs.length ?? 16), "x").slice(0, Number(inputs.length ?? 16)), bcryptHash: "$2a$10$mock" };
    case "tls:index/getPublicKey:getPublicKey":
      return { publicKeyPem: `-----BEGIN PUBLIC KEY-----\nMOCK-public-key-of-the-given-private-key\n-----END PUBLIC KEY-----\n` };
    case "aws:index/getCallerIdentity:getCallerIdentity":
      // A CI deploy role's session, as `pulumi up` in CI runs (docs/ci.md).
      return { accountId: "111122223333", arn: "arn:aws:sts::111122223333:assumed-role/ecommerce-security-deploy/pulumi", userId: "AROAMOCK:pulumi" };
    case "aws:iam/getSessionContext:getSessionContext": {
      // The role behind an assumed-role session; any other ARN is its own issuer.
      const session = /^arn:aws:sts::([0-9]{12}):assumed-role\/([^/]+)\/(.+)$/.exec(String(inputs.arn));
      return session
        ? { issuerArn: `arn:aws:iam::${session[1]}:role/${session[2]}`, issuerName: session[2], sessionName: session[3], issuerId: "AROAMOCK" }
        : { issuerArn: inputs.arn };
    }
    case "aws:index/getRegion:getRegion":
      return { name: "eu-west-1", region: "eu-west-1" };
    default:
      return {};
  }
}
