// Package random is our stand-in for the Pulumi random provider (@pulumi/random 4.21.2, upstream
// terraform-provider-random 3.x): RandomPassword with the upstream inputs, defaults and replacement rules, drawn
// from crypto/rand. The result and its bcrypt hash are returned as secrets.
package random

import (
	"crypto/rand"
	"fmt"
	"math/big"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"

	"ecommerce-security/tools/providers/internal/props"
	"ecommerce-security/tools/providers/internal/standin"
)

// RandomPassword is the resource token served.
const RandomPassword = "random:index/randomPassword:RandomPassword"

// The character classes (upstream's; special is replaced by overrideSpecial when set).
const (
	lowerChars   = "abcdefghijklmnopqrstuvwxyz"
	upperChars   = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	numericChars = "0123456789"
	specialChars = "!@#$%&*()-_=+[]{}<>:?"
)

// New is the provider, reporting version.
func New(version string) *standin.Provider {
	return &standin.Provider{
		Package:   "random",
		Version:   version,
		Config:    props.Spec{},
		Resources: map[string]standin.Resource{RandomPassword: passwordResource()},
	}
}

func passwordResource() standin.Resource {
	return standin.Resource{
		Inputs: props.Spec{
			"length":          {Kind: props.Number, Required: true},
			"lower":           {Kind: props.Bool, Default: props.Def(true)},
			"upper":           {Kind: props.Bool, Default: props.Def(true)},
			"numeric":         {Kind: props.Bool, Default: props.Def(true)},
			"number":          {Kind: props.Bool, Default: props.Def(true)},
			"special":         {Kind: props.Bool, Default: props.Def(true)},
			"minLower":        {Kind: props.Number, Default: props.Def(0.0)},
			"minUpper":        {Kind: props.Number, Default: props.Def(0.0)},
			"minNumeric":      {Kind: props.Number, Default: props.Def(0.0)},
			"minSpecial":      {Kind: props.Number, Default: props.Def(0.0)},
			"overrideSpecial": {Kind: props.String},
			"keepers":         {Kind: props.StringMap},
		},
		Computed: []string{"result", "bcryptHash"},
		Create: func(in props.Reader, _ time.Time) (string, resource.PropertyMap, error) {
			password, err := generate(passwordRules(in))
			if err != nil {
				return "", nil, err
			}
			// bcrypt reads at most 72 bytes; upstream hashes those.
			hashed := []byte(password)
			if len(hashed) > 72 {
				hashed = hashed[:72]
			}
			hash, err := bcrypt.GenerateFromPassword(hashed, bcrypt.DefaultCost)
			if err != nil {
				return "", nil, err
			}
			return "none", resource.PropertyMap{
				"result":     props.Secret(password),
				"bcryptHash": props.Secret(string(hash)),
			}, nil
		},
	}
}

// class is a character class and the least number of its characters the result must hold.
type class struct {
	name  string
	chars string
	min   int
}

// rules are what a password is drawn by.
type rules struct {
	length  int
	classes []class // the enabled classes only
}

func passwordRules(in props.Reader) rules {
	special := specialChars
	if in.Has("overrideSpecial") {
		special = in.Str("overrideSpecial")
	}
	all := []struct {
		on bool
		class
	}{
		{in.Bool("lower"), class{"lower", lowerChars, in.Int("minLower")}},
		{in.Bool("upper"), class{"upper", upperChars, in.Int("minUpper")}},
		// number is numeric's deprecated alias: upstream keeps them equal, so either set to false turns digits off.
		{in.Bool("numeric") && in.Bool("number"), class{"numeric", numericChars, in.Int("minNumeric")}},
		{in.Bool("special"), class{"special", special, in.Int("minSpecial")}},
	}
	r := rules{length: in.Int("length")}
	for _, c := range all {
		if c.on && c.chars != "" {
			r.classes = append(r.classes, c.class)
		}
	}
	return r
}

func pick(chars string) (byte, error) {
	i, err := rand.Int(rand.Reader, big.NewInt(int64(len(chars))))
	if err != nil {
		return 0, err
	}
	return chars[i.Int64()], nil
}

// generate draws each class's minimum from that class, the rest from all enabled classes, then shuffles.
func generate(r rules) (string, error) {
	if r.length < 1 {
		return "", fmt.Errorf("length must be at least 1, got %d", r.length)
	}
	if len(r.classes) == 0 {
		return "", fmt.Errorf("at least one of lower, upper, numeric and special must be true")
	}
	total, union := 0, ""
	for _, c := range r.classes {
		total += c.min
		union += c.chars
	}
	if total > r.length {
		return "", fmt.Errorf("length (%d) must be at least the sum of minLower, minUpper, minNumeric and minSpecial (%d)", r.length, total)
	}
	out := make([]byte, 0, r.length)
	for _, c := range r.classes {
		for i := 0; i < c.min; i++ {
			b, err := pick(c.chars)
			if err != nil {
				return "", err
			}
			out = append(out, b)
		}
	}
	for len(out) < r.length {
		b, err := pick(union)
		if err != nil {
			return "", err
		}
		out = append(out, b)
	}
	for i := len(out) - 1; i > 0; i-- {
		j, err := rand.Int(rand.Reader, big.NewInt(int64(i+1)))
		if err != nil {
			return "", err
		}
		out[i], out[j.Int64()] = out[j.Int64()], out[i]
	}
	return string(out), nil
}
