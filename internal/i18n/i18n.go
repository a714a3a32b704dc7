// Package i18n holds the message catalogues in bokmål (nb, the default),
// nynorsk (nn) and English (en), and formats numbers, dates and plurals the
// way each language writes them.
//
// Catalogues are flat JSON objects of key → text, one file per area under
// locales/<lang>/, merged at start-up. Texts take named arguments written
// {name}. A plural text has the keys K.one and K.other.
package i18n

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"math"
	"path"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Languages lists the supported languages; the first is the default.
var Languages = []string{"nb", "nn", "en"}

// Default is the default language.
const Default = "nb"

//go:embed locales
var locales embed.FS

// Catalog holds every language's messages.
type Catalog struct {
	msgs map[string]map[string]string
}

var (
	loadOnce sync.Once
	loaded   *Catalog
	loadErr  error
)

// Load parses the embedded catalogues once and returns them.
func Load() (*Catalog, error) {
	loadOnce.Do(func() { loaded, loadErr = parse(locales) })
	return loaded, loadErr
}

// MustLoad is Load for start-up and tests; it panics on a broken catalogue.
func MustLoad() *Catalog {
	c, err := Load()
	if err != nil {
		panic(err)
	}
	return c
}

func parse(fsys fs.FS) (*Catalog, error) {
	c := &Catalog{msgs: map[string]map[string]string{}}
	for _, lang := range Languages {
		m := map[string]string{}
		files, err := fs.Glob(fsys, path.Join("locales", lang, "*.json"))
		if err != nil {
			return nil, err
		}
		for _, f := range files {
			b, err := fs.ReadFile(fsys, f)
			if err != nil {
				return nil, err
			}
			var part map[string]string
			if err := json.Unmarshal(b, &part); err != nil {
				return nil, fmt.Errorf("i18n: %s: %w", f, err)
			}
			for k, v := range part {
				if _, dup := m[k]; dup {
					return nil, fmt.Errorf("i18n: %s: key %q defined twice", f, k)
				}
				m[k] = v
			}
		}
		c.msgs[lang] = m
	}
	return c, nil
}

// Keys returns the sorted keys of a language.
func (c *Catalog) Keys(lang string) []string {
	keys := make([]string, 0, len(c.msgs[lang]))
	for k := range c.msgs[lang] {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// Has reports whether the language has the key (or its plural forms).
func (c *Catalog) Has(lang, key string) bool {
	m := c.msgs[lang]
	if _, ok := m[key]; ok {
		return true
	}
	_, ok := m[key+".other"]
	return ok
}

// Printer formats messages, numbers and dates for one language.
type Printer struct {
	Lang string
	c    *Catalog
	loc  *time.Location
}

// Has reports whether the printer's language has the key.
func (p *Printer) Has(key string) bool { return p.c.Has(p.Lang, key) }

// Printer returns a printer for lang (falling back to the default).
func (c *Catalog) Printer(lang string) *Printer {
	if _, ok := c.msgs[lang]; !ok {
		lang = Default
	}
	return &Printer{Lang: lang, c: c, loc: Oslo()}
}

// Match picks the best supported language from an Accept-Language header.
func Match(header string) string {
	best, bestQ := "", -1.0
	for _, part := range strings.Split(header, ",") {
		tag, q := strings.TrimSpace(part), 1.0
		if i := strings.Index(tag, ";"); i >= 0 {
			if v, ok := strings.CutPrefix(strings.TrimSpace(tag[i+1:]), "q="); ok {
				if f, err := strconv.ParseFloat(v, 64); err == nil {
					q = f
				}
			}
			tag = tag[:i]
		}
		tag = strings.ToLower(tag)
		var lang string
		switch {
		case tag == "nn" || strings.HasPrefix(tag, "nn-"):
			lang = "nn"
		case tag == "nb" || tag == "no" || strings.HasPrefix(tag, "nb-") || strings.HasPrefix(tag, "no-"):
			lang = "nb"
		case tag == "en" || strings.HasPrefix(tag, "en-"):
			lang = "en"
		}
		if lang != "" && q > bestQ {
			best, bestQ = lang, q
		}
	}
	if best == "" {
		return Default
	}
	return best
}

// T returns the message of key with the named arguments substituted; args
// are name, value pairs. A missing key returns the key itself, so a page
// never breaks; the catalogue test fails on it instead.
func (p *Printer) T(key string, args ...any) string {
	return p.format(p.lookup(key), pairs(args))
}

// TMap is T with arguments in a map.
func (p *Printer) TMap(key string, args map[string]any) string {
	return p.format(p.lookup(key), args)
}

// N returns the plural form of key for n (K.one or K.other), with {n}
// bound to n formatted as a number.
func (p *Printer) N(key string, n int64, args ...any) string {
	form := ".other"
	if n == 1 {
		form = ".one"
	}
	m := pairs(args)
	if m == nil {
		m = map[string]any{}
	}
	m["n"] = p.Int(n)
	msg, ok := p.c.msgs[p.Lang][key+form]
	if !ok {
		msg = p.lookup(key + ".other")
	}
	return p.format(msg, m)
}

func (p *Printer) lookup(key string) string {
	if msg, ok := p.c.msgs[p.Lang][key]; ok {
		return msg
	}
	if msg, ok := p.c.msgs[Default][key]; ok {
		return msg
	}
	return key
}

func (p *Printer) format(msg string, args map[string]any) string {
	if len(args) == 0 || !strings.Contains(msg, "{") {
		return msg
	}
	var b strings.Builder
	for {
		i := strings.IndexByte(msg, '{')
		if i < 0 {
			break
		}
		j := strings.IndexByte(msg[i:], '}')
		if j < 0 {
			break
		}
		name := msg[i+1 : i+j]
		b.WriteString(msg[:i])
		if v, ok := args[name]; ok {
			b.WriteString(p.value(v))
		} else {
			b.WriteString(msg[i : i+j+1])
		}
		msg = msg[i+j+1:]
	}
	b.WriteString(msg)
	return b.String()
}

func (p *Printer) value(v any) string {
	switch x := v.(type) {
	case int:
		return p.Int(int64(x))
	case int64:
		return p.Int(x)
	case float64:
		return p.Float(x, 1)
	case time.Time:
		return p.Date(x)
	case string:
		return x
	}
	return fmt.Sprint(v)
}

func pairs(args []any) map[string]any {
	if len(args) == 0 {
		return nil
	}
	if m, ok := args[0].(map[string]any); ok && len(args) == 1 {
		return m
	}
	m := make(map[string]any, len(args)/2)
	for i := 0; i+1 < len(args); i += 2 {
		m[fmt.Sprint(args[i])] = args[i+1]
	}
	return m
}

// thousands returns the group separator: a no-break space in Norwegian, a
// comma in English.
func (p *Printer) thousands() string {
	if p.Lang == "en" {
		return ","
	}
	return "\u00a0"
}

// Int formats an integer with thousands separators: 5 550 203 / 5,550,203.
func (p *Printer) Int(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteString(p.thousands())
		}
		b.WriteRune(r)
	}
	if neg {
		return "−" + b.String()
	}
	return b.String()
}

// Float formats a number with the given decimals and the language's
// decimal mark (comma in Norwegian).
func (p *Printer) Float(f float64, decimals int) string {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return "–"
	}
	whole := math.Trunc(f)
	s := strconv.FormatFloat(math.Abs(f-whole), 'f', decimals, 64)
	if strings.HasPrefix(s, "1") { // rounding carried into the whole part
		whole += math.Copysign(1, f)
		s = "0" + s[1:]
	}
	out := p.Int(int64(whole))
	if f < 0 && whole == 0 {
		out = "−0"
	}
	if decimals > 0 {
		mark := ","
		if p.Lang == "en" {
			mark = "."
		}
		out += mark + s[2:]
	}
	return out
}

// Percent formats a share (0.0123) as a percentage (1,2 %).
func (p *Printer) Percent(share float64, decimals int) string {
	if p.Lang == "en" {
		return p.Float(share*100, decimals) + "%"
	}
	return p.Float(share*100, decimals) + "\u00a0%"
}

// NOK formats whole kroner: 1 250 000 kr / NOK 1,250,000.
func (p *Printer) NOK(n int64) string {
	if p.Lang == "en" {
		return "NOK " + p.Int(n)
	}
	return p.Int(n) + "\u00a0kr"
}

var months = map[string][]string{
	"nb": {"januar", "februar", "mars", "april", "mai", "juni", "juli", "august", "september", "oktober", "november", "desember"},
	"nn": {"januar", "februar", "mars", "april", "mai", "juni", "juli", "august", "september", "oktober", "november", "desember"},
	"en": {"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"},
}

// Date formats a date in Europe/Oslo: 27. november 2026 / 27 November 2026.
// Dates without a time of day (midnight UTC) are not shifted.
func (p *Printer) Date(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	if !isDateOnly(t) {
		t = t.In(p.loc)
	}
	m := months[p.Lang][t.Month()-1]
	if p.Lang == "en" {
		return fmt.Sprintf("%d %s %d", t.Day(), m, t.Year())
	}
	return fmt.Sprintf("%d. %s %d", t.Day(), m, t.Year())
}

// DateTime formats a time in Europe/Oslo: 27. november 2026 kl. 14:30.
func (p *Printer) DateTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	l := t.In(p.loc)
	if p.Lang == "en" {
		return p.Date(t) + ", " + l.Format("15:04")
	}
	return p.Date(t) + " kl.\u00a0" + l.Format("15:04")
}

// ISODate formats a date as 2026-11-27 (for form fields).
func ISODate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.DateOnly)
}

func isDateOnly(t time.Time) bool {
	return t.Location() == time.UTC && t.Hour() == 0 && t.Minute() == 0 && t.Second() == 0 && t.Nanosecond() == 0
}

var (
	osloOnce sync.Once
	oslo     *time.Location
)

// Oslo returns the Europe/Oslo time zone (embedded by main with time/tzdata).
func Oslo() *time.Location {
	osloOnce.Do(func() {
		var err error
		if oslo, err = time.LoadLocation("Europe/Oslo"); err != nil {
			oslo = time.FixedZone("CET", 3600)
		}
	})
	return oslo
}
