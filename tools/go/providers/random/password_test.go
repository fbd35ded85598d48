package random

import (
	"context"
	"strings"
	"testing"

	"golang.org/x/crypto/bcrypt"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/plugin"

	"ecommerce-security/tools/providers/internal/props"
)

func check(t *testing.T, inputs map[string]any) plugin.CheckResponse {
	t.Helper()
	res, err := New("4.21.2").Check(context.Background(), plugin.CheckRequest{Type: RandomPassword, News: resource.NewPropertyMapFromMap(inputs)})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func TestPasswordAsTheVaultBackendAsksForIt(t *testing.T) {
	checked := check(t, map[string]any{"length": 32.0, "special": false})
	if len(checked.Failures) > 0 {
		t.Fatal(checked.Failures)
	}
	res, err := New("4.21.2").Create(context.Background(), plugin.CreateRequest{Type: RandomPassword, Properties: checked.Properties})
	if err != nil {
		t.Fatal(err)
	}
	result, hash := res.Properties["result"], res.Properties["bcryptHash"]
	if !result.IsSecret() || !hash.IsSecret() {
		t.Fatalf("result and bcryptHash must be secrets: %v %v", result, hash)
	}
	password := result.SecretValue().Element.StringValue()
	if len(password) != 32 || strings.ContainsAny(password, specialChars) {
		t.Errorf("password %d long, special characters: %v", len(password), strings.ContainsAny(password, specialChars))
	}
	if err := bcrypt.CompareHashAndPassword([]byte(hash.SecretValue().Element.StringValue()), []byte(password)); err != nil {
		t.Errorf("bcryptHash does not match the result: %v", err)
	}
	if res.ID != "none" {
		t.Errorf("id %q", res.ID)
	}
}

func TestMinimumsAndClasses(t *testing.T) {
	for i := 0; i < 50; i++ {
		pw, err := generate(rules{length: 8, classes: []class{{"upper", upperChars, 3}, {"numeric", numericChars, 5}}})
		if err != nil {
			t.Fatal(err)
		}
		var upper, digits int
		for _, c := range pw {
			switch {
			case strings.ContainsRune(upperChars, c):
				upper++
			case strings.ContainsRune(numericChars, c):
				digits++
			default:
				t.Fatalf("%q has a character outside the enabled classes", pw)
			}
		}
		if upper != 3 || digits != 5 {
			t.Fatalf("%q: %d upper, %d digits", pw, upper, digits)
		}
	}
	if _, err := generate(rules{length: 2, classes: []class{{"lower", lowerChars, 3}}}); err == nil {
		t.Error("minimums beyond the length must fail")
	}
}

func TestNumberFalseTurnsDigitsOffAndUnsupportedInputsFail(t *testing.T) {
	checked := check(t, map[string]any{"length": 64.0, "number": false, "special": false})
	r := passwordRules(props.Reader(checked.Properties))
	for _, c := range r.classes {
		if c.name == "numeric" {
			t.Error("number: false left digits on")
		}
	}
	failed := check(t, map[string]any{"length": 16.0, "minDigits": 2.0})
	if len(failed.Failures) != 1 || !strings.Contains(failed.Failures[0].Reason, "minDigits is not supported by this stand-in") {
		t.Errorf("failures: %v", failed.Failures)
	}
}
