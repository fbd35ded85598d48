package tls

import (
	"context"
	"crypto/x509"
	"encoding/pem"
	"strings"
	"testing"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/plugin"
	"github.com/pulumi/pulumi/sdk/v3/go/common/tokens"

	"ecommerce-security/tools/providers/internal/standin"
)

var now = time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)

func provider() *standin.Provider {
	p := New("5.6.1")
	p.Now = func() time.Time { return now }
	return p
}

// create runs Check then Create, failing the test on any check failure.
func create(t *testing.T, p *standin.Provider, typ string, inputs map[string]any) resource.PropertyMap {
	t.Helper()
	news := resource.NewPropertyMapFromMap(inputs)
	checked, err := p.Check(context.Background(), plugin.CheckRequest{Type: tokens.Type(typ), News: news})
	if err != nil || len(checked.Failures) > 0 {
		t.Fatalf("check %s: %v %v", typ, err, checked.Failures)
	}
	res, err := p.Create(context.Background(), plugin.CreateRequest{Type: tokens.Type(typ), Properties: checked.Properties})
	if err != nil {
		t.Fatalf("create %s: %v", typ, err)
	}
	return res.Properties
}

// secretString reads an output that must be a secret.
func secretString(t *testing.T, out resource.PropertyMap, key string) string {
	t.Helper()
	v := out[resource.PropertyKey(key)]
	if !v.IsSecret() {
		t.Fatalf("%s is not a secret: %v", key, v)
	}
	return v.SecretValue().Element.StringValue()
}

func plainString(t *testing.T, out resource.PropertyMap, key string) string {
	t.Helper()
	v := out[resource.PropertyKey(key)]
	if !v.IsString() {
		t.Fatalf("%s is not a plain string: %v", key, v)
	}
	return v.StringValue()
}

func parseCert(t *testing.T, data string) *x509.Certificate {
	t.Helper()
	block, _ := pem.Decode([]byte(data))
	if block == nil || block.Type != "CERTIFICATE" {
		t.Fatalf("not a PEM certificate: %q", data)
	}
	c, err := x509.ParseCertificate(block.Bytes)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestPrivateKeysInEveryAlgorithmAreSecretAndParse(t *testing.T) {
	p := provider()
	for _, tc := range []struct {
		inputs  map[string]any
		pemType string
		openssh bool
	}{
		{map[string]any{"algorithm": "RSA", "rsaBits": 2048.0}, "RSA PRIVATE KEY", true},
		{map[string]any{"algorithm": "ECDSA", "ecdsaCurve": "P384"}, "EC PRIVATE KEY", true},
		{map[string]any{"algorithm": "ECDSA"}, "EC PRIVATE KEY", false}, // default curve P224: no OpenSSH form
		{map[string]any{"algorithm": "ED25519"}, "PRIVATE KEY", true},
	} {
		out := create(t, p, PrivateKey, tc.inputs)
		keyPem := secretString(t, out, "privateKeyPem")
		if !strings.HasPrefix(keyPem, "-----BEGIN "+tc.pemType+"-----") {
			t.Errorf("%v: privateKeyPem starts %q", tc.inputs, keyPem[:30])
		}
		key, err := parsePrivateKey("privateKeyPem", keyPem)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := parsePrivateKey("privateKeyPemPkcs8", secretString(t, out, "privateKeyPemPkcs8")); err != nil {
			t.Error(err)
		}
		if got := secretString(t, out, "privateKeyOpenssh") != ""; got != tc.openssh {
			t.Errorf("%v: OpenSSH key present = %v", tc.inputs, got)
		}
		pub, _ := pem.Decode([]byte(plainString(t, out, "publicKeyPem")))
		parsed, err := x509.ParsePKIXPublicKey(pub.Bytes)
		if err != nil {
			t.Fatal(err)
		}
		if keyAlgorithm(parsed) != keyAlgorithm(key) {
			t.Errorf("public key %T does not match private key %T", parsed, key)
		}
	}
}

func TestCheckNamesUnsupportedAndInvalidInputs(t *testing.T) {
	p := provider()
	res, err := p.Check(context.Background(), plugin.CheckRequest{
		Type: PrivateKey,
		News: resource.NewPropertyMapFromMap(map[string]any{"algorithm": "DSA"}),
	})
	if err != nil || len(res.Failures) != 1 || !strings.Contains(res.Failures[0].Reason, "allowed: RSA, ECDSA, ED25519") {
		t.Errorf("algorithm DSA: %v %v", err, res.Failures)
	}
	res, _ = p.Check(context.Background(), plugin.CheckRequest{
		Type: SelfSignedCert,
		News: resource.NewPropertyMapFromMap(map[string]any{
			"privateKeyPemWo": "x", "validityPeriodHours": 1.0, "allowedUses": []any{"cert_signing"},
		}),
	})
	var reasons []string
	for _, f := range res.Failures {
		reasons = append(reasons, f.Reason)
	}
	joined := strings.Join(reasons, "\n")
	if !strings.Contains(joined, "privateKeyPemWo is not supported by this stand-in") || !strings.Contains(joined, "privateKeyPem is required") {
		t.Errorf("failures: %s", joined)
	}
	res, _ = p.Check(context.Background(), plugin.CheckRequest{
		Type: SelfSignedCert,
		News: resource.NewPropertyMapFromMap(map[string]any{
			"privateKeyPem": "x", "validityPeriodHours": 1.0, "allowedUses": []any{"certSigning"},
			"subject": map[string]any{"commonName": "a", "title": "b"},
		}),
	})
	if len(res.Failures) != 2 {
		t.Errorf("expected a failure for allowedUses certSigning and one for subject.title: %v", res.Failures)
	}
}

// The internal CA as the program builds it: an ECDSA root, an intermediate per namespace with path length 0.
func TestInternalCaChain(t *testing.T) {
	p := provider()
	uses := []any{"cert_signing", "crl_signing", "digital_signature"}
	rootKey := create(t, p, PrivateKey, map[string]any{"algorithm": "ECDSA", "ecdsaCurve": "P256"})
	root := create(t, p, SelfSignedCert, map[string]any{
		"privateKeyPem":       resource.MakeSecret(rootKey["privateKeyPem"].SecretValue().Element),
		"isCaCertificate":     true,
		"validityPeriodHours": 87600.0,
		"earlyRenewalHours":   720.0,
		"allowedUses":         uses,
		"subject":             map[string]any{"commonName": "Root", "organization": "Shop"},
	})
	nsKey := create(t, p, PrivateKey, map[string]any{"algorithm": "ECDSA", "ecdsaCurve": "P256"})
	req := create(t, p, CertRequest, map[string]any{
		"privateKeyPem": nsKey["privateKeyPem"],
		"subject":       map[string]any{"commonName": "Root (e-commerce)", "organization": "Shop", "organizationalUnit": "e-commerce"},
	})
	inter := create(t, p, LocallySignedCert, map[string]any{
		"certRequestPem":      req["certRequestPem"],
		"caPrivateKeyPem":     rootKey["privateKeyPem"],
		"caCertPem":           root["certPem"],
		"isCaCertificate":     true,
		"maxPathLength":       0.0,
		"validityPeriodHours": 87600.0,
		"earlyRenewalHours":   720.0,
		"allowedUses":         uses,
	})
	rootCert := parseCert(t, plainString(t, root, "certPem"))
	interCert := parseCert(t, plainString(t, inter, "certPem"))
	if !rootCert.IsCA || rootCert.MaxPathLen != -1 || rootCert.Subject.CommonName != "Root" {
		t.Errorf("root: IsCA %v MaxPathLen %d CN %q", rootCert.IsCA, rootCert.MaxPathLen, rootCert.Subject.CommonName)
	}
	if rootCert.KeyUsage != x509.KeyUsageCertSign|x509.KeyUsageCRLSign|x509.KeyUsageDigitalSignature {
		t.Errorf("root key usage %v", rootCert.KeyUsage)
	}
	if err := interCert.CheckSignatureFrom(rootCert); err != nil {
		t.Errorf("intermediate not signed by the root: %v", err)
	}
	if !interCert.IsCA || interCert.MaxPathLen != 0 || !interCert.MaxPathLenZero || interCert.Subject.OrganizationalUnit[0] != "e-commerce" {
		t.Errorf("intermediate: IsCA %v MaxPathLen %d zero %v subject %v", interCert.IsCA, interCert.MaxPathLen, interCert.MaxPathLenZero, interCert.Subject)
	}
	if got := interCert.NotAfter.Sub(interCert.NotBefore); got != 87600*time.Hour {
		t.Errorf("validity %v", got)
	}
	if plainString(t, inter, "caKeyAlgorithm") != "ECDSA" || plainString(t, root, "keyAlgorithm") != "ECDSA" {
		t.Errorf("key algorithms %v %v", inter["caKeyAlgorithm"], root["keyAlgorithm"])
	}
	if inter["readyForRenewal"].BoolValue() {
		t.Error("a new certificate is ready for renewal")
	}
	// Inputs come back as given: the CA key stays secret in the certificate's state too.
	if !inter["caPrivateKeyPem"].IsSecret() {
		t.Error("caPrivateKeyPem lost its secrecy in the outputs")
	}
}

func TestDiffReplacesOnChangeAndRenewal(t *testing.T) {
	p := provider()
	inputs := resource.NewPropertyMapFromMap(map[string]any{
		"privateKeyPem": resource.MakeSecret(resource.NewStringProperty("k")), "validityPeriodHours": 48.0,
		"earlyRenewalHours": 24.0, "allowedUses": []any{"key_encipherment"}, "isCaCertificate": false, "setSubjectKeyId": false,
		"setAuthorityKeyId": false,
	})
	outputs := inputs.Copy()
	outputs["validityEndTime"] = resource.NewStringProperty(now.Add(48 * time.Hour).Format(time.RFC3339))
	same, err := p.Diff(context.Background(), plugin.DiffRequest{Type: SelfSignedCert, OldInputs: inputs, OldOutputs: outputs, NewInputs: inputs.Copy()})
	if err != nil || same.Changes != plugin.DiffNone {
		t.Fatalf("same inputs: %v %+v", err, same)
	}
	// The same key, no longer wrapped as a secret, is no change.
	unwrapped := inputs.Copy()
	unwrapped["privateKeyPem"] = resource.NewStringProperty("k")
	if d, _ := p.Diff(context.Background(), plugin.DiffRequest{Type: SelfSignedCert, OldInputs: inputs, OldOutputs: outputs, NewInputs: unwrapped}); d.Changes != plugin.DiffNone {
		t.Errorf("secretness alone changed the diff: %+v", d)
	}
	changed := inputs.Copy()
	changed["validityPeriodHours"] = resource.NewNumberProperty(72)
	d, _ := p.Diff(context.Background(), plugin.DiffRequest{Type: SelfSignedCert, OldInputs: inputs, OldOutputs: outputs, NewInputs: changed})
	if d.Changes != plugin.DiffSome || len(d.ReplaceKeys) != 1 || d.ReplaceKeys[0] != "validityPeriodHours" {
		t.Errorf("validity change: %+v", d)
	}
	unknown := inputs.Copy()
	unknown["privateKeyPem"] = resource.MakeComputed(resource.NewStringProperty(""))
	if d, _ := p.Diff(context.Background(), plugin.DiffRequest{Type: SelfSignedCert, OldInputs: inputs, OldOutputs: outputs, NewInputs: unknown}); len(d.ReplaceKeys) != 1 {
		t.Errorf("an unknown new key is a replacement: %+v", d)
	}
	// 30 hours later the certificate is within its 24 early-renewal hours: replaced, and refresh says so.
	p.Now = func() time.Time { return now.Add(30 * time.Hour) }
	d, _ = p.Diff(context.Background(), plugin.DiffRequest{Type: SelfSignedCert, OldInputs: inputs, OldOutputs: outputs, NewInputs: inputs.Copy()})
	if d.Changes != plugin.DiffSome || d.ReplaceKeys[0] != "readyForRenewal" {
		t.Errorf("renewal: %+v", d)
	}
	read, err := p.Read(context.Background(), plugin.ReadRequest{Type: SelfSignedCert, ID: "1", Inputs: inputs, State: outputs})
	if err != nil || !read.Outputs["readyForRenewal"].BoolValue() {
		t.Errorf("read: %v %v", err, read.Outputs["readyForRenewal"])
	}
}

func TestPreviewLeavesGeneratedOutputsUnknown(t *testing.T) {
	p := provider()
	checked, _ := p.Check(context.Background(), plugin.CheckRequest{Type: PrivateKey, News: resource.NewPropertyMapFromMap(map[string]any{"algorithm": "RSA"})})
	res, err := p.Create(context.Background(), plugin.CreateRequest{Type: PrivateKey, Properties: checked.Properties, Preview: true})
	if err != nil || !res.Properties["privateKeyPem"].IsComputed() || res.Properties["rsaBits"].NumberValue() != 2048 {
		t.Errorf("preview: %v %v", err, res.Properties)
	}
}

func TestGetPublicKey(t *testing.T) {
	p := provider()
	key := create(t, p, PrivateKey, map[string]any{"algorithm": "ECDSA", "ecdsaCurve": "P256"})
	res, err := p.Invoke(context.Background(), plugin.InvokeRequest{
		Tok:  GetPublicKey,
		Args: resource.PropertyMap{"privateKeyPem": key["privateKeyPem"]},
	})
	if err != nil || len(res.Failures) > 0 {
		t.Fatal(err, res.Failures)
	}
	if res.Properties["publicKeyPem"].StringValue() != key["publicKeyPem"].StringValue() || res.Properties["algorithm"].StringValue() != "ECDSA" {
		t.Errorf("getPublicKey: %v", res.Properties)
	}
}
