package tls

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha1"
	"crypto/x509"
	"encoding/hex"
	"encoding/pem"
	"fmt"

	"golang.org/x/crypto/ssh"
)

// The key algorithms and ECDSA curves of @pulumi/tls 5.x (upstream: terraform-provider-tls 4.x).
var (
	algorithms  = []string{"RSA", "ECDSA", "ED25519"}
	ecdsaCurves = []string{"P224", "P256", "P384", "P521"}
)

func curve(name string) (elliptic.Curve, error) {
	switch name {
	case "P224":
		return elliptic.P224(), nil
	case "P256":
		return elliptic.P256(), nil
	case "P384":
		return elliptic.P384(), nil
	case "P521":
		return elliptic.P521(), nil
	}
	return nil, fmt.Errorf("ecdsaCurve %q is not one of %v", name, ecdsaCurves)
}

// generateKey makes a new private key of the algorithm.
func generateKey(algorithm string, rsaBits int, ecdsaCurve string) (crypto.Signer, error) {
	switch algorithm {
	case "RSA":
		if rsaBits < 1024 {
			return nil, fmt.Errorf("rsaBits %d is too small (at least 1024)", rsaBits)
		}
		return rsa.GenerateKey(rand.Reader, rsaBits)
	case "ECDSA":
		c, err := curve(ecdsaCurve)
		if err != nil {
			return nil, err
		}
		return ecdsa.GenerateKey(c, rand.Reader)
	case "ED25519":
		_, key, err := ed25519.GenerateKey(rand.Reader)
		return key, err
	}
	return nil, fmt.Errorf("algorithm %q is not one of %v", algorithm, algorithms)
}

// keyAlgorithm names a key's algorithm as the upstream provider's keyAlgorithm outputs do.
func keyAlgorithm(key any) string {
	switch key.(type) {
	case *rsa.PrivateKey, *rsa.PublicKey:
		return "RSA"
	case *ecdsa.PrivateKey, *ecdsa.PublicKey:
		return "ECDSA"
	case ed25519.PrivateKey, ed25519.PublicKey, *ed25519.PrivateKey:
		return "ED25519"
	}
	return ""
}

func pemBlock(typ string, der []byte) string {
	return string(pem.EncodeToMemory(&pem.Block{Type: typ, Bytes: der}))
}

// keyMaterial is every encoding of a key pair the PrivateKey resource and getPublicKey report.
type keyMaterial struct {
	algorithm                  string
	privateKeyPem              string // PKCS#1 for RSA, SEC 1 for ECDSA, PKCS#8 for ED25519 (as upstream)
	privateKeyPemPkcs8         string
	privateKeyOpenssh          string // empty for ECDSA P224, which OpenSSH does not support
	publicKeyPem               string
	publicKeyOpenssh           string // authorized_keys line with its trailing newline; empty for P224
	publicKeyFingerprintMd5    string
	publicKeyFingerprintSha256 string
	id                         string // hex SHA-1 of the public key (DER)
}

func encodeKey(key crypto.Signer) (keyMaterial, error) {
	m := keyMaterial{algorithm: keyAlgorithm(key)}
	switch k := key.(type) {
	case *rsa.PrivateKey:
		m.privateKeyPem = pemBlock("RSA PRIVATE KEY", x509.MarshalPKCS1PrivateKey(k))
	case *ecdsa.PrivateKey:
		der, err := x509.MarshalECPrivateKey(k)
		if err != nil {
			return m, err
		}
		m.privateKeyPem = pemBlock("EC PRIVATE KEY", der)
	case ed25519.PrivateKey:
		der, err := x509.MarshalPKCS8PrivateKey(k)
		if err != nil {
			return m, err
		}
		m.privateKeyPem = pemBlock("PRIVATE KEY", der)
	default:
		return m, fmt.Errorf("unsupported key type %T", key)
	}
	pkcs8, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return m, err
	}
	m.privateKeyPemPkcs8 = pemBlock("PRIVATE KEY", pkcs8)
	pubDer, err := x509.MarshalPKIXPublicKey(key.Public())
	if err != nil {
		return m, err
	}
	m.publicKeyPem = pemBlock("PUBLIC KEY", pubDer)
	sum := sha1.Sum(pubDer)
	m.id = hex.EncodeToString(sum[:])

	// OpenSSH has no P-224: upstream leaves these empty for that curve.
	if sshPub, err := ssh.NewPublicKey(key.Public()); err == nil {
		m.publicKeyOpenssh = string(ssh.MarshalAuthorizedKey(sshPub))
		m.publicKeyFingerprintMd5 = ssh.FingerprintLegacyMD5(sshPub)
		m.publicKeyFingerprintSha256 = ssh.FingerprintSHA256(sshPub)
		block, err := ssh.MarshalPrivateKey(key, "")
		if err != nil {
			return m, err
		}
		m.privateKeyOpenssh = string(pem.EncodeToMemory(block))
	}
	return m, nil
}

// parsePrivateKey reads a private key in any PEM encoding the upstream provider accepts: PKCS#1, SEC 1, PKCS#8 or
// OpenSSH.
func parsePrivateKey(property, data string) (crypto.Signer, error) {
	block, _ := pem.Decode([]byte(data))
	if block == nil {
		return nil, fmt.Errorf("%s is not a PEM block", property)
	}
	var key any
	var err error
	switch block.Type {
	case "RSA PRIVATE KEY":
		key, err = x509.ParsePKCS1PrivateKey(block.Bytes)
	case "EC PRIVATE KEY":
		key, err = x509.ParseECPrivateKey(block.Bytes)
	case "PRIVATE KEY":
		key, err = x509.ParsePKCS8PrivateKey(block.Bytes)
	case "OPENSSH PRIVATE KEY":
		key, err = ssh.ParseRawPrivateKey([]byte(data))
	default:
		return nil, fmt.Errorf("%s: unsupported PEM block %q", property, block.Type)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", property, err)
	}
	if k, ok := key.(*ed25519.PrivateKey); ok {
		key = *k
	}
	signer, ok := key.(crypto.Signer)
	if !ok {
		return nil, fmt.Errorf("%s: unsupported key type %T", property, key)
	}
	return signer, nil
}
