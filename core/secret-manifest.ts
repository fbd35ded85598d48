/** The Opaque Secret every concern writes its credentials into. */

/** Name, namespace and labels of a Secret (a type alias, so it is assignable to a manifest's open metadata). */
export type SecretMetadata = {
  name: string;
  namespace: string;
  labels: Readonly<Record<string, string>>;
};

/**
 * An Opaque Secret holding `stringData`. Values may be Pulumi secrets: the object carries them as they are, so the
 * provider keeps them secret in the state.
 */
export function opaqueSecretManifest<Value>(metadata: SecretMetadata, stringData: Readonly<Record<string, Value>>) {
  return { apiVersion: "v1", kind: "Secret", metadata, type: "Opaque", stringData };
}
