package auth

import (
	"bufio"
	"crypto/rand"
	"crypto/subtle"
	_ "embed"
	"encoding/base64"
	"fmt"
	"strings"
	"sync"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"

	"github.com/samstyr/samstyr/internal/errs"
)

// Password rules.
const (
	MinPasswordLength = 8
	MaxPasswordLength = 256
)

// argon2id parameters: OWASP's recommended minimum (19 MiB, 2 passes, 1 lane).
const (
	argonMemory  = 19 * 1024
	argonTime    = 2
	argonThreads = 1
	argonKeyLen  = 32
)

// commonPasswords is the bundled list of common passwords of 8 characters
// or more (the zxcvbn-ts common list, MIT licence, plus Norwegian ones).
//
//go:embed common-passwords.txt
var commonPasswords string

var (
	commonOnce sync.Once
	commonSet  map[string]struct{}
)

// IsCommonPassword reports whether pw (case-insensitively) is on the list.
func IsCommonPassword(pw string) bool {
	commonOnce.Do(func() {
		commonSet = make(map[string]struct{}, 20000)
		sc := bufio.NewScanner(strings.NewReader(commonPasswords))
		for sc.Scan() {
			commonSet[sc.Text()] = struct{}{}
		}
	})
	_, ok := commonSet[strings.ToLower(pw)]
	return ok
}

// CheckPassword applies the password rules: at least 8 characters, at most
// 256, not a common password and not the person's e-mail address. field
// names the form field in the error.
func CheckPassword(field, pw, email string) error {
	n := utf8.RuneCountInString(pw)
	switch {
	case n < MinPasswordLength:
		return errs.InvalidField(field, "auth.error.password_short", "min", MinPasswordLength)
	case n > MaxPasswordLength:
		return errs.InvalidField(field, "error.too_long", "max", MaxPasswordLength)
	case IsCommonPassword(pw):
		return errs.InvalidField(field, "auth.error.password_common")
	case email != "" && strings.EqualFold(pw, email):
		return errs.InvalidField(field, "auth.error.password_email")
	}
	return nil
}

// HashPassword returns the argon2id hash of pw in PHC string format.
func HashPassword(pw string) (string, error) {
	salt := make([]byte, 16)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	return HashPasswordWithSalt(pw, salt), nil
}

// HashPasswordWithSalt is HashPassword with a given salt, for data that
// must come out the same every time (the benchmark dataset); everything
// else uses HashPassword's random salt.
func HashPasswordWithSalt(pw string, salt []byte) string {
	key := argon2.IDKey([]byte(pw), salt, argonTime, argonMemory, argonThreads, argonKeyLen)
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, argonMemory, argonTime, argonThreads,
		b64.EncodeToString(salt), b64.EncodeToString(key))
}

// VerifyPassword reports whether pw matches the PHC-encoded argon2id hash.
func VerifyPassword(hash, pw string) bool {
	parts := strings.Split(hash, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false
	}
	var version int
	var m uint32
	var t uint32
	var p uint8
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || version != argon2.Version {
		return false
	}
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &m, &t, &p); err != nil {
		return false
	}
	b64 := base64.RawStdEncoding
	salt, err1 := b64.DecodeString(parts[4])
	want, err2 := b64.DecodeString(parts[5])
	if err1 != nil || err2 != nil || len(want) == 0 {
		return false
	}
	got := argon2.IDKey([]byte(pw), salt, t, m, p, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1
}

// dummyHash is verified against when no account matches, so that a wrong
// e-mail address takes as long as a wrong password.
var dummyHash = sync.OnceValue(func() string {
	h, _ := HashPassword("samstyr-timing-equaliser")
	return h
})
