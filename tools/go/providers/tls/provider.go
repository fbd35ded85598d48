// Package tls is our stand-in for the Pulumi TLS provider (@pulumi/tls 5.6.1, upstream terraform-provider-tls 4.x):
// the resources and the function the platform's program uses, with the upstream input and output names, defaults and
// replacement rules, keys generated with Go's crypto packages. Private keys are returned as secrets.
package tls

import (
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"

	"ecommerce-security/tools/providers/internal/props"
	"ecommerce-security/tools/providers/internal/standin"
)

// The resource and function tokens served.
const (
	PrivateKey        = "tls:index/privateKey:PrivateKey"
	SelfSignedCert    = "tls:index/selfSignedCert:SelfSignedCert"
	CertRequest       = "tls:index/certRequest:CertRequest"
	LocallySignedCert = "tls:index/locallySignedCert:LocallySignedCert"
	GetPublicKey      = "tls:index/getPublicKey:getPublicKey"
)

// New is the provider, reporting version.
func New(version string) *standin.Provider {
	return &standin.Provider{
		Package: "tls",
		Version: version,
		// Upstream's only configuration is an HTTP proxy for its remote data sources, which this stand-in has none of.
		Config: props.Spec{},
		Resources: map[string]standin.Resource{
			PrivateKey:        privateKeyResource(),
			SelfSignedCert:    selfSignedCertResource(),
			CertRequest:       certRequestResource(),
			LocallySignedCert: locallySignedCertResource(),
		},
		Functions: map[string]standin.Function{GetPublicKey: getPublicKeyFunction()},
	}
}

var privateKeyOutputs = []string{
	"privateKeyPem", "privateKeyPemPkcs8", "privateKeyOpenssh", "publicKeyPem", "publicKeyOpenssh",
	"publicKeyFingerprintMd5", "publicKeyFingerprintSha256",
}

// keyOutputs are the outputs of a key pair; the private key in every encoding is secret.
func keyOutputs(m keyMaterial) resource.PropertyMap {
	return resource.PropertyMap{
		"privateKeyPem":              props.Secret(m.privateKeyPem),
		"privateKeyPemPkcs8":         props.Secret(m.privateKeyPemPkcs8),
		"privateKeyOpenssh":          props.Secret(m.privateKeyOpenssh),
		"publicKeyPem":               resource.NewStringProperty(m.publicKeyPem),
		"publicKeyOpenssh":           resource.NewStringProperty(m.publicKeyOpenssh),
		"publicKeyFingerprintMd5":    resource.NewStringProperty(m.publicKeyFingerprintMd5),
		"publicKeyFingerprintSha256": resource.NewStringProperty(m.publicKeyFingerprintSha256),
	}
}

func privateKeyResource() standin.Resource {
	return standin.Resource{
		Inputs: props.Spec{
			"algorithm":  {Kind: props.String, Required: true, OneOf: algorithms},
			"rsaBits":    {Kind: props.Number, Default: props.Def(2048.0)},
			"ecdsaCurve": {Kind: props.String, Default: props.Def("P224"), OneOf: ecdsaCurves},
		},
		Computed: privateKeyOutputs,
		Create: func(in props.Reader, _ time.Time) (string, resource.PropertyMap, error) {
			key, err := generateKey(in.Str("algorithm"), in.Int("rsaBits"), in.Str("ecdsaCurve"))
			if err != nil {
				return "", nil, err
			}
			m, err := encodeKey(key)
			if err != nil {
				return "", nil, err
			}
			return m.id, keyOutputs(m), nil
		},
	}
}

func certificateOutputs(c certificate, earlyRenewalHours int, now time.Time) resource.PropertyMap {
	return resource.PropertyMap{
		"certPem":           resource.NewStringProperty(c.certPem),
		"validityStartTime": resource.NewStringProperty(c.validityStartTime),
		"validityEndTime":   resource.NewStringProperty(c.validityEndTime),
		"readyForRenewal":   resource.NewBoolProperty(readyForRenewal(c.validityEndTime, earlyRenewalHours, now)),
	}
}

// renew: a certificate within earlyRenewalHours of its end is re-issued by the next update (upstream's plan rule).
func renew(inputs, outputs props.Reader, now time.Time) bool {
	end := outputs.Str("validityEndTime")
	return end != "" && readyForRenewal(end, inputs.Int("earlyRenewalHours"), now)
}

var certificateComputed = []string{"certPem", "validityStartTime", "validityEndTime", "readyForRenewal", "keyAlgorithm"}

func selfSignedCertResource() standin.Resource {
	inputs := certificateInputs()
	inputs["privateKeyPem"] = props.Field{Kind: props.String, Required: true}
	inputs["subject"] = props.Field{Kind: props.Object, Fields: subjectFields}
	inputs["dnsNames"] = props.Field{Kind: props.StringList}
	inputs["ipAddresses"] = props.Field{Kind: props.StringList}
	inputs["uris"] = props.Field{Kind: props.StringList}
	inputs["setAuthorityKeyId"] = props.Field{Kind: props.Bool, Default: props.Def(false)}
	return standin.Resource{
		Inputs:   inputs,
		Computed: certificateComputed,
		Create: func(in props.Reader, now time.Time) (string, resource.PropertyMap, error) {
			c, algorithm, err := selfSigned(in, now)
			if err != nil {
				return "", nil, err
			}
			out := certificateOutputs(c, in.Int("earlyRenewalHours"), now)
			out["keyAlgorithm"] = resource.NewStringProperty(algorithm)
			return c.id, out, nil
		},
		Renew: renew,
	}
}

func certRequestResource() standin.Resource {
	return standin.Resource{
		Inputs: props.Spec{
			"privateKeyPem": {Kind: props.String, Required: true},
			"subject":       {Kind: props.Object, Fields: subjectFields},
			"dnsNames":      {Kind: props.StringList},
			"ipAddresses":   {Kind: props.StringList},
			"uris":          {Kind: props.StringList},
		},
		Computed: []string{"certRequestPem", "keyAlgorithm"},
		Create: func(in props.Reader, _ time.Time) (string, resource.PropertyMap, error) {
			id, pem, algorithm, err := certRequest(in)
			if err != nil {
				return "", nil, err
			}
			return id, resource.PropertyMap{
				"certRequestPem": resource.NewStringProperty(pem),
				"keyAlgorithm":   resource.NewStringProperty(algorithm),
			}, nil
		},
	}
}

func locallySignedCertResource() standin.Resource {
	inputs := certificateInputs()
	inputs["certRequestPem"] = props.Field{Kind: props.String, Required: true}
	inputs["caPrivateKeyPem"] = props.Field{Kind: props.String, Required: true}
	inputs["caCertPem"] = props.Field{Kind: props.String, Required: true}
	return standin.Resource{
		Inputs:   inputs,
		Computed: []string{"certPem", "validityStartTime", "validityEndTime", "readyForRenewal", "caKeyAlgorithm"},
		Create: func(in props.Reader, now time.Time) (string, resource.PropertyMap, error) {
			c, caAlgorithm, err := locallySigned(in, now)
			if err != nil {
				return "", nil, err
			}
			out := certificateOutputs(c, in.Int("earlyRenewalHours"), now)
			out["caKeyAlgorithm"] = resource.NewStringProperty(caAlgorithm)
			return c.id, out, nil
		},
		Renew: renew,
	}
}

func getPublicKeyFunction() standin.Function {
	return standin.Function{
		Args: props.Spec{"privateKeyPem": {Kind: props.String}, "privateKeyOpenssh": {Kind: props.String}},
		Call: func(in props.Reader) (resource.PropertyMap, error) {
			property, data := "privateKeyPem", in.Str("privateKeyPem")
			if data == "" {
				property, data = "privateKeyOpenssh", in.Str("privateKeyOpenssh")
			}
			key, err := parsePrivateKey(property, data)
			if err != nil {
				return nil, err
			}
			m, err := encodeKey(key)
			if err != nil {
				return nil, err
			}
			out := keyOutputs(m)
			// The result echoes the argument given (as upstream), the other private encodings are not part of it.
			delete(out, "privateKeyPemPkcs8")
			for _, k := range []string{"privateKeyPem", "privateKeyOpenssh"} {
				if !in.Has(k) {
					delete(out, resource.PropertyKey(k))
				} else {
					out[resource.PropertyKey(k)] = props.Secret(in.Str(k))
				}
			}
			out["algorithm"] = resource.NewStringProperty(m.algorithm)
			out["id"] = resource.NewStringProperty(m.id)
			return out, nil
		},
	}
}
