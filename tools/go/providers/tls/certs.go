package tls

import (
	"crypto"
	"crypto/rand"
	"crypto/sha1"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"encoding/hex"
	"encoding/pem"
	"fmt"
	"math/big"
	"net"
	"net/url"
	"sort"
	"time"

	"ecommerce-security/tools/providers/internal/props"
)

// The allowedUses values of the upstream provider (RFC 5280 key usages and extended key usages, in snake case as the
// provider takes them).
var keyUsages = map[string]x509.KeyUsage{
	"digital_signature":  x509.KeyUsageDigitalSignature,
	"content_commitment": x509.KeyUsageContentCommitment,
	"key_encipherment":   x509.KeyUsageKeyEncipherment,
	"data_encipherment":  x509.KeyUsageDataEncipherment,
	"key_agreement":      x509.KeyUsageKeyAgreement,
	"cert_signing":       x509.KeyUsageCertSign,
	"crl_signing":        x509.KeyUsageCRLSign,
	"encipher_only":      x509.KeyUsageEncipherOnly,
	"decipher_only":      x509.KeyUsageDecipherOnly,
}

var extKeyUsages = map[string]x509.ExtKeyUsage{
	"any_extended":                      x509.ExtKeyUsageAny,
	"server_auth":                       x509.ExtKeyUsageServerAuth,
	"client_auth":                       x509.ExtKeyUsageClientAuth,
	"code_signing":                      x509.ExtKeyUsageCodeSigning,
	"email_protection":                  x509.ExtKeyUsageEmailProtection,
	"ipsec_end_system":                  x509.ExtKeyUsageIPSECEndSystem,
	"ipsec_tunnel":                      x509.ExtKeyUsageIPSECTunnel,
	"ipsec_user":                        x509.ExtKeyUsageIPSECUser,
	"timestamping":                      x509.ExtKeyUsageTimeStamping,
	"ocsp_signing":                      x509.ExtKeyUsageOCSPSigning,
	"microsoft_server_gated_crypto":     x509.ExtKeyUsageMicrosoftServerGatedCrypto,
	"netscape_server_gated_crypto":      x509.ExtKeyUsageNetscapeServerGatedCrypto,
	"microsoft_commercial_code_signing": x509.ExtKeyUsageMicrosoftCommercialCodeSigning,
	"microsoft_kernel_code_signing":     x509.ExtKeyUsageMicrosoftKernelCodeSigning,
}

func allowedUseNames() []string {
	var names []string
	for n := range keyUsages {
		names = append(names, n)
	}
	for n := range extKeyUsages {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// emailAddressOID is PKCS #9's emailAddress attribute, which upstream puts in the subject for subject.emailAddress.
var emailAddressOID = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 1}

// subjectFields are the subject's inputs (the same for SelfSignedCert and CertRequest).
var subjectFields = props.Spec{
	"commonName":         {Kind: props.String},
	"organization":       {Kind: props.String},
	"organizationalUnit": {Kind: props.String},
	"streetAddresses":    {Kind: props.StringList},
	"locality":           {Kind: props.String},
	"province":           {Kind: props.String},
	"country":            {Kind: props.String},
	"postalCode":         {Kind: props.String},
	"serialNumber":       {Kind: props.String},
	"emailAddress":       {Kind: props.String},
}

func subjectName(s props.Reader) pkix.Name {
	one := func(name string) []string {
		if v := s.Str(name); v != "" {
			return []string{v}
		}
		return nil
	}
	n := pkix.Name{
		CommonName:         s.Str("commonName"),
		Organization:       one("organization"),
		OrganizationalUnit: one("organizationalUnit"),
		StreetAddress:      s.Strings("streetAddresses"),
		Locality:           one("locality"),
		Province:           one("province"),
		Country:            one("country"),
		PostalCode:         one("postalCode"),
		SerialNumber:       s.Str("serialNumber"),
	}
	if e := s.Str("emailAddress"); e != "" {
		n.ExtraNames = append(n.ExtraNames, pkix.AttributeTypeAndValue{Type: emailAddressOID, Value: e})
	}
	return n
}

// sans reads dnsNames, ipAddresses and uris.
func sans(in props.Reader) ([]string, []net.IP, []*url.URL, error) {
	var ips []net.IP
	for _, s := range in.Strings("ipAddresses") {
		ip := net.ParseIP(s)
		if ip == nil {
			return nil, nil, nil, fmt.Errorf("ipAddresses: %q is not an IP address", s)
		}
		ips = append(ips, ip)
	}
	var uris []*url.URL
	for _, s := range in.Strings("uris") {
		u, err := url.Parse(s)
		if err != nil {
			return nil, nil, nil, fmt.Errorf("uris: %q: %w", s, err)
		}
		uris = append(uris, u)
	}
	return in.Strings("dnsNames"), ips, uris, nil
}

// certificateInputs are the inputs SelfSignedCert and LocallySignedCert share (upstream: the same schema).
func certificateInputs() props.Spec {
	return props.Spec{
		"validityPeriodHours": {Kind: props.Number, Required: true},
		"allowedUses":         {Kind: props.StringList, Required: true, OneOf: allowedUseNames()},
		"earlyRenewalHours":   {Kind: props.Number, Default: props.Def(0.0)},
		"isCaCertificate":     {Kind: props.Bool, Default: props.Def(false)},
		"setSubjectKeyId":     {Kind: props.Bool, Default: props.Def(false)},
		"maxPathLength":       {Kind: props.Number},
	}
}

// certificateTemplate fills what both certificate resources take from their inputs: serial, validity from now,
// key usages, basic constraints.
func certificateTemplate(in props.Reader, now time.Time) (*x509.Certificate, error) {
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 128))
	if err != nil {
		return nil, err
	}
	hours := in.Int("validityPeriodHours")
	if hours <= 0 {
		return nil, fmt.Errorf("validityPeriodHours must be positive, got %d", hours)
	}
	t := &x509.Certificate{
		SerialNumber:          serial,
		NotBefore:             now,
		NotAfter:              now.Add(time.Duration(hours) * time.Hour),
		BasicConstraintsValid: true,
		IsCA:                  in.Bool("isCaCertificate"),
	}
	for _, use := range in.Strings("allowedUses") {
		if ku, ok := keyUsages[use]; ok {
			t.KeyUsage |= ku
		} else if eku, ok := extKeyUsages[use]; ok {
			t.ExtKeyUsage = append(t.ExtKeyUsage, eku)
		} else {
			return nil, fmt.Errorf("allowedUses: %q is not one of %v", use, allowedUseNames())
		}
	}
	// Without maxPathLength a CA's path is unconstrained; with it (0 included) the certificate says so.
	if t.IsCA && in.Has("maxPathLength") {
		t.MaxPathLen = in.Int("maxPathLength")
		t.MaxPathLenZero = t.MaxPathLen == 0
	} else {
		t.MaxPathLen = -1
	}
	return t, nil
}

func subjectKeyID(pub crypto.PublicKey) ([]byte, error) {
	der, err := x509.MarshalPKIXPublicKey(pub)
	if err != nil {
		return nil, err
	}
	sum := sha1.Sum(der)
	return sum[:], nil
}

// certificate is a signed certificate and what the resources report about it.
type certificate struct {
	id                string // the serial number in decimal, as upstream
	certPem           string
	validityStartTime string
	validityEndTime   string
}

func sign(template, parent *x509.Certificate, pub crypto.PublicKey, signer crypto.Signer) (certificate, error) {
	der, err := x509.CreateCertificate(rand.Reader, template, parent, pub, signer)
	if err != nil {
		return certificate{}, err
	}
	return certificate{
		id:                template.SerialNumber.String(),
		certPem:           pemBlock("CERTIFICATE", der),
		validityStartTime: template.NotBefore.UTC().Format(time.RFC3339),
		validityEndTime:   template.NotAfter.UTC().Format(time.RFC3339),
	}, nil
}

// selfSigned issues the SelfSignedCert of the inputs.
func selfSigned(in props.Reader, now time.Time) (certificate, string, error) {
	key, err := parsePrivateKey("privateKeyPem", in.Str("privateKeyPem"))
	if err != nil {
		return certificate{}, "", err
	}
	t, err := certificateTemplate(in, now)
	if err != nil {
		return certificate{}, "", err
	}
	t.Subject = subjectName(in.Object("subject"))
	if t.DNSNames, t.IPAddresses, t.URIs, err = sans(in); err != nil {
		return certificate{}, "", err
	}
	if in.Bool("setSubjectKeyId") || in.Bool("setAuthorityKeyId") {
		if t.SubjectKeyId, err = subjectKeyID(key.Public()); err != nil {
			return certificate{}, "", err
		}
	}
	if in.Bool("setAuthorityKeyId") {
		t.AuthorityKeyId = t.SubjectKeyId
	}
	c, err := sign(t, t, key.Public(), key)
	return c, keyAlgorithm(key), err
}

// certRequest makes the CertRequest (PKCS #10) of the inputs; its id is the hex SHA-1 of the request.
func certRequest(in props.Reader) (string, string, string, error) {
	key, err := parsePrivateKey("privateKeyPem", in.Str("privateKeyPem"))
	if err != nil {
		return "", "", "", err
	}
	t := &x509.CertificateRequest{Subject: subjectName(in.Object("subject"))}
	if t.DNSNames, t.IPAddresses, t.URIs, err = sans(in); err != nil {
		return "", "", "", err
	}
	der, err := x509.CreateCertificateRequest(rand.Reader, t, key)
	if err != nil {
		return "", "", "", err
	}
	sum := sha1.Sum(der)
	return hex.EncodeToString(sum[:]), pemBlock("CERTIFICATE REQUEST", der), keyAlgorithm(key), nil
}

// locallySigned signs the request of the inputs with the CA's key: subject and names come from the request.
func locallySigned(in props.Reader, now time.Time) (certificate, string, error) {
	block, _ := pem.Decode([]byte(in.Str("certRequestPem")))
	if block == nil || block.Type != "CERTIFICATE REQUEST" {
		return certificate{}, "", fmt.Errorf("certRequestPem is not a PEM CERTIFICATE REQUEST")
	}
	csr, err := x509.ParseCertificateRequest(block.Bytes)
	if err != nil {
		return certificate{}, "", fmt.Errorf("certRequestPem: %w", err)
	}
	if err := csr.CheckSignature(); err != nil {
		return certificate{}, "", fmt.Errorf("certRequestPem: bad signature: %w", err)
	}
	caKey, err := parsePrivateKey("caPrivateKeyPem", in.Str("caPrivateKeyPem"))
	if err != nil {
		return certificate{}, "", err
	}
	caBlock, _ := pem.Decode([]byte(in.Str("caCertPem")))
	if caBlock == nil || caBlock.Type != "CERTIFICATE" {
		return certificate{}, "", fmt.Errorf("caCertPem is not a PEM CERTIFICATE")
	}
	ca, err := x509.ParseCertificate(caBlock.Bytes)
	if err != nil {
		return certificate{}, "", fmt.Errorf("caCertPem: %w", err)
	}
	t, err := certificateTemplate(in, now)
	if err != nil {
		return certificate{}, "", err
	}
	t.Subject, t.DNSNames, t.IPAddresses, t.URIs = csr.Subject, csr.DNSNames, csr.IPAddresses, csr.URIs
	if in.Bool("setSubjectKeyId") {
		if t.SubjectKeyId, err = subjectKeyID(csr.PublicKey); err != nil {
			return certificate{}, "", err
		}
	}
	c, err := sign(t, ca, csr.PublicKey, caKey)
	return c, keyAlgorithm(caKey), err
}

// readyForRenewal: the certificate has expired or is within earlyRenewalHours of its end.
func readyForRenewal(validityEndTime string, earlyRenewalHours int, now time.Time) bool {
	end, err := time.Parse(time.RFC3339, validityEndTime)
	if err != nil {
		return false
	}
	return !now.Before(end.Add(-time.Duration(earlyRenewalHours) * time.Hour))
}
