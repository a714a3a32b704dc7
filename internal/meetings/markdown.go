package meetings

import (
	"bytes"
	"sync"

	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
)

var (
	mdOnce   sync.Once
	mdParser goldmark.Markdown
	mdPolicy *bluemonday.Policy
)

func markdownSetup() {
	// goldmark leaves raw HTML out (no WithUnsafe); the sanitiser then
	// keeps only an allow-list of elements and attributes, so no script,
	// no event handler attribute and no javascript: URL gets through.
	mdParser = goldmark.New(goldmark.WithExtensions(extension.Table, extension.Strikethrough, extension.Linkify))
	p := bluemonday.NewPolicy()
	p.AllowElements("p", "br", "hr", "em", "strong", "del", "blockquote", "pre", "code", "ul", "ol", "li",
		"h1", "h2", "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td")
	p.AllowAttrs("start").Matching(bluemonday.Integer).OnElements("ol")
	p.AllowAttrs("align").Matching(bluemonday.CellAlign).OnElements("th", "td")
	p.AllowAttrs("href").OnElements("a")
	p.AllowURLSchemes("https", "http", "mailto")
	p.AllowRelativeURLs(true)
	p.RequireParseableURLs(true)
	p.RequireNoFollowOnLinks(true)
	p.RequireNoReferrerOnLinks(true)
	mdPolicy = p
}

// Markdown renders Markdown text to sanitised HTML: the only way text
// written by people becomes markup. Everything else is escaped.
func Markdown(src string) string {
	mdOnce.Do(markdownSetup)
	var b bytes.Buffer
	if err := mdParser.Convert([]byte(src), &b); err != nil {
		return mdPolicy.Sanitize("<p>" + bluemonday.StrictPolicy().Sanitize(src) + "</p>")
	}
	return string(mdPolicy.SanitizeBytes(b.Bytes()))
}
