/**
 * TLS cipher suites the public ingress offers. ingress-nginx has no per-Ingress protocol setting (`ssl-protocols`
 * is controller-wide), so the Ingress enforces TLS 1.2+ through its cipher list: it offers only ECDHE suites with
 * an AEAD cipher, and those exist in TLS 1.2 and later only, so a TLS 1.0/1.1 client finds no common suite.
 * TLS 1.3 suites are not configured by `ssl_ciphers` and are all AEAD with forward secrecy.
 */

/** OpenSSL names of the TLS 1.2 suites offered: forward secret (ECDHE) and authenticated encryption (GCM, ChaCha20-Poly1305). */
export const STRONG_TLS12_CIPHERS = [
  "ECDHE-ECDSA-AES128-GCM-SHA256",
  "ECDHE-RSA-AES128-GCM-SHA256",
  "ECDHE-ECDSA-AES256-GCM-SHA384",
  "ECDHE-RSA-AES256-GCM-SHA384",
  "ECDHE-ECDSA-CHACHA20-POLY1305",
  "ECDHE-RSA-CHACHA20-POLY1305",
] as const;

/** The protocol versions the ingress is meant to speak. */
export const ALLOWED_TLS_PROTOCOLS = ["TLSv1.2", "TLSv1.3"] as const;

/** Whether a suite (OpenSSL name) is forward secret and uses authenticated encryption. */
export function isStrongCipher(name: string): boolean {
  return /^ECDHE-(ECDSA|RSA)-(AES(128|256)-GCM-SHA(256|384)|CHACHA20-POLY1305)$/.test(name);
}

/**
 * The oldest protocol version a TLS 1.2-or-older suite can be negotiated in: AEAD suites and those with a
 * SHA-256/384 MAC were introduced by TLS 1.2; everything else (CBC with SHA-1 or MD5, RC4, 3DES) reaches back to
 * TLS 1.0 or SSL.
 */
export function oldestProtocolOf(name: string): "TLSv1.2" | "TLSv1.0" {
  return /(GCM|CCM|CHACHA20|POLY1305|SHA256$|SHA384$)/.test(name) ? "TLSv1.2" : "TLSv1.0";
}
