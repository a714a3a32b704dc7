package meetings_test

import (
	"strings"
	"testing"

	"github.com/samstyr/samstyr/internal/meetings"
)

var hostile = []string{
	`<script>alert(1)</script>`,
	`<img src=x onerror=alert(1)>`,
	`[klikk](javascript:alert(1))`,
	`[klikk](JaVaScRiPt:alert(1))`,
	`<a href="javascript:alert(1)">x</a>`,
	`<div onmouseover="alert(1)">x</div>`,
	`<iframe src="https://evil.example"></iframe>`,
	`![x](javascript:alert(1))`,
	"```\n<script>alert(1)</script>\n```",
	`<svg onload=alert(1)>`,
	`<style>body{display:none}</style>`,
	`[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)`,
	`<p style="color:red">x</p>`,
}

// allowed are the elements the sanitiser may let through.
var allowed = map[string]bool{"p": true, "br": true, "hr": true, "em": true, "strong": true, "del": true, "blockquote": true, "pre": true,
	"code": true, "ul": true, "ol": true, "li": true, "h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true, "table": true,
	"thead": true, "tbody": true, "tr": true, "th": true, "td": true, "a": true}

// unsafe reports markup that must never come out of the renderer: an
// element outside the allow-list, an event handler or style attribute, or
// a script or data URL in an attribute. Text outside tags is escaped by
// the renderer, so a "<" there never starts a tag.
func unsafe(html string) string {
	for _, part := range strings.Split(html, "<")[1:] {
		head, _, ok := strings.Cut(part, ">")
		if !ok {
			return "unclosed tag <" + part
		}
		fields := strings.Fields(strings.ToLower(head))
		if len(fields) == 0 {
			return "empty tag"
		}
		if name := strings.TrimPrefix(strings.TrimSuffix(fields[0], "/"), "/"); !allowed[name] {
			return "element " + name
		}
		attrs := strings.Join(fields[1:], " ")
		for _, f := range fields[1:] {
			if strings.HasPrefix(f, "on") || strings.HasPrefix(f, "style") {
				return "attribute " + f
			}
		}
		for _, bad := range []string{"javascript:", "vbscript:", "data:"} {
			if strings.Contains(strings.ReplaceAll(attrs, "&#", ""), bad) {
				return bad
			}
		}
	}
	return ""
}

func TestMarkdownIsSanitised(t *testing.T) {
	for _, in := range hostile {
		if bad := unsafe(meetings.Markdown(in)); bad != "" {
			t.Errorf("Markdown(%q) = %q keeps %s", in, meetings.Markdown(in), bad)
		}
	}
	got := meetings.Markdown("**Vedtak:** se [saken](https://ks.no/sak) og\n\n- punkt æøå\n- ŋ")
	for _, want := range []string{"<strong>Vedtak:</strong>", `href="https://ks.no/sak"`, `rel="nofollow noreferrer"`, "<li>punkt æøå</li>"} {
		if !strings.Contains(got, want) {
			t.Errorf("Markdown lost %q: %s", want, got)
		}
	}
}

func FuzzMarkdown(f *testing.F) {
	for _, s := range hostile {
		f.Add(s)
	}
	f.Add("# Overskrift\n\n| a | b |\n|---|---|\n| 1 | 2 |\n")
	f.Fuzz(func(t *testing.T, in string) {
		out := meetings.Markdown(in)
		if bad := unsafe(out); bad != "" {
			t.Fatalf("Markdown(%q) = %q keeps %s", in, out, bad)
		}
	})
}
