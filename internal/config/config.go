// Package config holds samstyr's configuration: defaults in code, overridden
// by SAMSTYR_* environment variables (secrets also from *_FILE variables) and
// by command-line flags in main. It is loaded and validated once in main and
// passed to constructors; no other package reads the environment.
package config

import (
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// Config is the whole configuration of one samstyr process.
type Config struct {
	DataDir     string // SAMSTYR_DATA: directory of the SQLite file and uploads
	DatabaseURL string // SAMSTYR_DATABASE_URL: postgres://… switches to PostgreSQL
	Addr        string // SAMSTYR_ADDR: listen address of serve
	// BaseURL is the public address people reach samstyr at
	// (SAMSTYR_BASE_URL), used in mails, calendar feeds and OpenID redirects.
	// An https base URL marks the deployment as behind TLS.
	BaseURL string
	// TrustProxy makes X-Forwarded-For/-Proto count (SAMSTYR_TRUST_PROXY).
	TrustProxy bool
	Dev        bool // SAMSTYR_DEV: templates and assets from disk, error details shown

	SessionIdle     time.Duration // SAMSTYR_SESSION_IDLE
	SessionAbsolute time.Duration // SAMSTYR_SESSION_ABSOLUTE

	// Sign-in throttling: at most LoginMaxPerAccount failures per account and
	// LoginMaxPerAddress per client address within LoginWindow.
	LoginWindow        time.Duration
	LoginMaxPerAccount int
	LoginMaxPerAddress int

	SMTP SMTP
	OIDC []OIDCProvider // SAMSTYR_OIDC_PROVIDERS (JSON array) or _FILE

	// MetricsToken is the bearer token /metrics asks for
	// (SAMSTYR_METRICS_TOKEN or _FILE); without one /metrics is off (404).
	MetricsToken string

	LogLevel  string // SAMSTYR_LOG_LEVEL: debug, info, warn, error
	LogFormat string // SAMSTYR_LOG_FORMAT: text or json

	// RequestTimeout is every request's deadline (SAMSTYR_REQUEST_TIMEOUT):
	// work still waiting for the database then is given up and the answer
	// is 503 with Retry-After.
	RequestTimeout time.Duration
	// DBConnectTimeout bounds connecting to PostgreSQL
	// (SAMSTYR_DB_CONNECT_TIMEOUT); DBStatementTimeout bounds each statement
	// on the server (SAMSTYR_DB_STATEMENT_TIMEOUT).
	DBConnectTimeout   time.Duration
	DBStatementTimeout time.Duration
	// ShutdownDrain is how long serve, on SIGTERM, keeps answering while
	// /readyz says it is going (so a load balancer stops sending) before it
	// stops accepting (SAMSTYR_SHUTDOWN_DRAIN); ShutdownTimeout is how long
	// requests in flight may then take before they are cancelled
	// (SAMSTYR_SHUTDOWN_TIMEOUT).
	ShutdownDrain   time.Duration
	ShutdownTimeout time.Duration
}

// SMTP is the outgoing mail server.
type SMTP struct {
	Host     string // SAMSTYR_SMTP_HOST; empty disables sending (mail is kept in the outbox)
	Port     int    // SAMSTYR_SMTP_PORT
	Username string // SAMSTYR_SMTP_USERNAME
	Password string // SAMSTYR_SMTP_PASSWORD or _FILE
	From     string // SAMSTYR_SMTP_FROM
	TLS      string // SAMSTYR_SMTP_TLS: none, starttls, tls
}

// OIDCProvider is one OpenID Connect identity provider, such as ID-porten,
// Ansattporten, Entra ID or Keycloak.
type OIDCProvider struct {
	ID           string   `json:"id"`   // short name used in URLs, e.g. "idporten"
	Name         string   `json:"name"` // shown on the sign-in button
	Issuer       string   `json:"issuer"`
	ClientID     string   `json:"client_id"`
	ClientSecret string   `json:"client_secret"`
	Scopes       []string `json:"scopes"`
	// AutoCreate creates a person on first sign-in when no identity matches.
	AutoCreate bool `json:"auto_create"`
	// TrustEmail links a first sign-in to an existing person with the same
	// e-mail address when the provider says the address is verified.
	TrustEmail bool `json:"trust_email"`
	// MFA says the provider enforces multi-factor sign-in (ID-porten does),
	// so sign-ins through it count as a verified second factor.
	MFA bool `json:"mfa"`
}

// Default returns the configuration with every default filled in.
func Default() Config {
	return Config{
		DataDir:            "./data",
		Addr:               "127.0.0.1:8080",
		BaseURL:            "",
		SessionIdle:        2 * time.Hour,
		SessionAbsolute:    12 * time.Hour,
		LoginWindow:        15 * time.Minute,
		LoginMaxPerAccount: 10,
		LoginMaxPerAddress: 50,
		SMTP:               SMTP{Port: 25, From: "samstyr <noreply@samstyr.invalid>", TLS: "none"},
		LogLevel:           "info",
		LogFormat:          "text",
		RequestTimeout:     30 * time.Second,
		DBConnectTimeout:   5 * time.Second,
		DBStatementTimeout: 30 * time.Second,
		ShutdownDrain:      5 * time.Second,
		ShutdownTimeout:    20 * time.Second,
	}
}

// Getenv is the environment lookup Load uses; os.LookupEnv in main.
type Getenv func(string) (string, bool)

// Load returns the defaults overridden by the environment.
func Load(env Getenv) (Config, error) {
	c := Default()
	str := func(name string, dst *string) {
		if v, ok := env(name); ok && v != "" {
			*dst = v
		}
	}
	var err error
	secret := func(name string, dst *string) {
		if v, ok := env(name + "_FILE"); ok && v != "" {
			b, e := os.ReadFile(v)
			if e != nil && err == nil {
				err = fmt.Errorf("%s_FILE: %w", name, e)
			}
			*dst = strings.TrimSpace(string(b))
			return
		}
		str(name, dst)
	}
	boolean := func(name string, dst *bool) {
		if v, ok := env(name); ok && v != "" {
			b, e := strconv.ParseBool(v)
			if e != nil && err == nil {
				err = fmt.Errorf("%s: %q is not true or false", name, v)
			}
			*dst = b
		}
	}
	dur := func(name string, dst *time.Duration) {
		if v, ok := env(name); ok && v != "" {
			d, e := time.ParseDuration(v)
			if e != nil && err == nil {
				err = fmt.Errorf("%s: %q is not a duration such as 2h or 30m", name, v)
			}
			*dst = d
		}
	}
	integer := func(name string, dst *int) {
		if v, ok := env(name); ok && v != "" {
			n, e := strconv.Atoi(v)
			if e != nil && err == nil {
				err = fmt.Errorf("%s: %q is not a whole number", name, v)
			}
			*dst = n
		}
	}
	str("SAMSTYR_DATA", &c.DataDir)
	secret("SAMSTYR_DATABASE_URL", &c.DatabaseURL)
	str("SAMSTYR_ADDR", &c.Addr)
	str("SAMSTYR_BASE_URL", &c.BaseURL)
	boolean("SAMSTYR_TRUST_PROXY", &c.TrustProxy)
	boolean("SAMSTYR_DEV", &c.Dev)
	dur("SAMSTYR_SESSION_IDLE", &c.SessionIdle)
	dur("SAMSTYR_SESSION_ABSOLUTE", &c.SessionAbsolute)
	dur("SAMSTYR_LOGIN_WINDOW", &c.LoginWindow)
	integer("SAMSTYR_LOGIN_MAX_PER_ACCOUNT", &c.LoginMaxPerAccount)
	integer("SAMSTYR_LOGIN_MAX_PER_ADDRESS", &c.LoginMaxPerAddress)
	str("SAMSTYR_SMTP_HOST", &c.SMTP.Host)
	integer("SAMSTYR_SMTP_PORT", &c.SMTP.Port)
	str("SAMSTYR_SMTP_USERNAME", &c.SMTP.Username)
	secret("SAMSTYR_SMTP_PASSWORD", &c.SMTP.Password)
	str("SAMSTYR_SMTP_FROM", &c.SMTP.From)
	str("SAMSTYR_SMTP_TLS", &c.SMTP.TLS)
	secret("SAMSTYR_METRICS_TOKEN", &c.MetricsToken)
	str("SAMSTYR_LOG_LEVEL", &c.LogLevel)
	str("SAMSTYR_LOG_FORMAT", &c.LogFormat)
	dur("SAMSTYR_REQUEST_TIMEOUT", &c.RequestTimeout)
	dur("SAMSTYR_DB_CONNECT_TIMEOUT", &c.DBConnectTimeout)
	dur("SAMSTYR_DB_STATEMENT_TIMEOUT", &c.DBStatementTimeout)
	dur("SAMSTYR_SHUTDOWN_DRAIN", &c.ShutdownDrain)
	dur("SAMSTYR_SHUTDOWN_TIMEOUT", &c.ShutdownTimeout)
	var providers string
	secret("SAMSTYR_OIDC_PROVIDERS", &providers)
	if providers != "" {
		if e := json.Unmarshal([]byte(providers), &c.OIDC); e != nil && err == nil {
			err = fmt.Errorf("SAMSTYR_OIDC_PROVIDERS: %w", e)
		}
	}
	return c, err
}

// Validate checks the configuration and returns the first problem found.
func (c *Config) Validate() error {
	if c.DatabaseURL != "" {
		u, err := url.Parse(c.DatabaseURL)
		if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
			return fmt.Errorf("database URL must start with postgres://")
		}
	} else if c.DataDir == "" {
		return fmt.Errorf("data directory must not be empty")
	}
	if c.BaseURL != "" {
		u, err := url.Parse(c.BaseURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return fmt.Errorf("base URL %q must be an absolute http(s) URL", c.BaseURL)
		}
	}
	if c.SessionIdle <= 0 || c.SessionAbsolute < c.SessionIdle {
		return fmt.Errorf("session timeouts: idle must be positive and not longer than absolute")
	}
	if c.RequestTimeout <= 0 || c.DBConnectTimeout <= 0 || c.DBStatementTimeout <= 0 || c.ShutdownTimeout <= 0 || c.ShutdownDrain < 0 {
		return fmt.Errorf("timeouts: request, database connect and statement, and shutdown timeouts must be positive (the drain may be 0)")
	}
	if c.LoginWindow <= 0 || c.LoginMaxPerAccount < 1 || c.LoginMaxPerAddress < 1 {
		return fmt.Errorf("sign-in throttling: window and limits must be positive")
	}
	switch c.SMTP.TLS {
	case "none", "starttls", "tls":
	default:
		return fmt.Errorf("SMTP TLS mode %q must be none, starttls or tls", c.SMTP.TLS)
	}
	seen := map[string]bool{}
	for i, p := range c.OIDC {
		if p.ID == "" || p.Issuer == "" || p.ClientID == "" {
			return fmt.Errorf("OpenID provider %d needs id, issuer and client_id", i+1)
		}
		if seen[p.ID] {
			return fmt.Errorf("OpenID provider id %q is used twice", p.ID)
		}
		seen[p.ID] = true
	}
	return nil
}

// SQLitePath is the path of the SQLite database file.
func (c *Config) SQLitePath() string { return filepath.Join(c.DataDir, "samstyr.db") }

// UploadDir is the data directory's tmp folder, where uploads larger than
// 8 MiB are kept while their request is read; serve empties it at start.
// "" (PostgreSQL without a data directory) means the system's temp folder.
func (c *Config) UploadDir() string {
	if c.DataDir == "" {
		return ""
	}
	return filepath.Join(c.DataDir, "tmp")
}

// Secure reports whether the deployment is served over TLS.
func (c *Config) Secure() bool { return strings.HasPrefix(c.BaseURL, "https://") }
