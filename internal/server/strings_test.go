package server_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/samstyr/samstyr/internal/needs"
	"github.com/samstyr/samstyr/internal/policy"
	"github.com/samstyr/samstyr/internal/testutil/apptest"
)

// Developer strings (issue 10 item 5): pages in nynorsk and English show
// no message keys, no snake_case codes and no text from the bokmål
// catalogue.

// reKeyLike finds dotted lower-case keys (audit.action, membership.create)
// and bare snake_case identifiers (in_triage, notice_published).
// and a lower-case word in brackets after a name, as criterion keys were
// shown ("Hastegrad (urgency)").
var reKeyLike = regexp.MustCompile(`\b[a-z][a-z0-9]*(?:_[a-z0-9]+)*(?:\.[a-z][a-z0-9_]*)+\b|\b[a-z]+(?:_[a-z0-9]+)+\b|\([a-z][a-z0-9_]*\)`)

// reURL finds addresses and file names, which look like keys but are not.
var reURL = regexp.MustCompile(`https?://\S+|\b[\w-]+\.(?:no|com|org|pdf|csv|ics|json|docx?|xlsx?|png|txt)\b`)

// catalogue reads the message catalogue of a language: key → text.
func catalogue(t testing.TB, lang string) map[string]string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("..", "i18n", "locales", lang, "*.json"))
	if err != nil || len(files) == 0 {
		t.Fatalf("catalogue %s: %v", lang, err)
	}
	out := map[string]string{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		m := map[string]string{}
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		for k, v := range m {
			out[k] = v
		}
	}
	return out
}

var rePlaceholder = regexp.MustCompile(`\{[a-z_]+\}`)

// bokmalOnly returns the pieces of bokmål text (catalogue messages between
// their placeholders, and extra texts such as the default method's) that
// appear nowhere in lang's catalogue: seeing one on a page in lang means
// the page took text from the wrong language. Short pieces are left out:
// they are often shared words.
func bokmalOnly(t testing.TB, lang string, extra map[string][]string) langCheck {
	nb, other := catalogue(t, "nb"), catalogue(t, lang)
	var all strings.Builder
	for _, v := range other {
		all.WriteString(v)
		all.WriteString("\n")
	}
	for _, v := range extra[lang] {
		all.WriteString(v)
		all.WriteString("\n")
	}
	hay := all.String()
	seen := map[string]bool{}
	var out []string
	add := func(text string) {
		for _, piece := range rePlaceholder.Split(text, -1) {
			piece = strings.Join(strings.Fields(piece), " ")
			piece = strings.Trim(piece, " .,:;()«»–-")
			if len([]rune(piece)) < 14 || seen[piece] || strings.Contains(hay, piece) {
				continue
			}
			seen[piece] = true
			out = append(out, piece)
		}
	}
	for k, v := range nb {
		if other[k] != v {
			add(v)
		}
	}
	for _, x := range extra["nb"] {
		add(x)
	}
	sort.Strings(out)
	return langCheck{lang: lang, nbOnly: out, hay: strings.ToLower(rePlaceholder.ReplaceAllString(hay, " "))}
}

// langCheck is what a page in lang must not show: bokmål-only pieces, and
// (for bracketed words) the words of lang's catalogue, which are allowed.
type langCheck struct {
	lang   string
	nbOnly []string
	hay    string // lang's catalogue and texts, lower case
}

// visibleText returns the text a reader sees on the page in its own
// language: without scripts, code, and parts marked with another language
// (a bokmål fallback marked lang="nb" is honest).
func visibleText(t testing.TB, body, lang string) string {
	t.Helper()
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	b := doc.Find("body").Clone()
	// Form fields hold data (the bokmål text of a method being edited).
	b.Find("script, style, code, pre, template, textarea, select, [hidden], .language-picker").Remove()
	b.Find("[lang]").Each(func(_ int, s *goquery.Selection) {
		if l, _ := s.Attr("lang"); l != lang {
			s.Remove()
		}
	})
	var sb strings.Builder
	b.Find("*").AddBack().Contents().Each(func(_ int, s *goquery.Selection) {
		if goquery.NodeName(s) == "#text" {
			sb.WriteString(s.Text())
			sb.WriteString(" ")
		}
	})
	text := reEmail.ReplaceAllString(sb.String(), " ")
	text = reURL.ReplaceAllString(text, " ")
	for _, role := range apptest.Roles {
		if strings.Contains(role, "_") {
			text = strings.ReplaceAll(text, role, " ") // in the fixture people's names
		}
	}
	return strings.Join(strings.Fields(text), " ")
}

// checkLanguage fails for key-looking strings and bokmål-only text on a
// page in lang.
func checkLanguage(t *testing.T, where, body string, lc langCheck) {
	t.Helper()
	for _, p := range languageProblems(t, body, lc) {
		t.Errorf("%s: %s", where, p)
	}
}

func languageProblems(t testing.TB, body string, lc langCheck) []string {
	var out []string
	text := visibleText(t, body, lc.lang)
	for _, k := range reKeyLike.FindAllString(text, -1) {
		if strings.HasPrefix(k, "(") && regexp.MustCompile(`\b`+strings.Trim(k, "()")+`\b`).MatchString(lc.hay) {
			continue // a word of the language in brackets, such as "(optional)"
		}
		out = append(out, fmt.Sprintf("developer string %q in the page", k))
	}
	for _, piece := range lc.nbOnly {
		if strings.Contains(text, piece) {
			out = append(out, fmt.Sprintf("bokmål text %q on a %s page", piece, lc.lang))
		}
	}
	return out
}

// scoredClosedRound makes a round of the default method, scored by two
// assessors with rationales and closed, so that the score page shows
// everyone's scores. It returns the round and need.
func scoredClosedRound(t testing.TB, a *apptest.App) (round, need int64) {
	ctx := context.Background()
	actor := func(role string) *policy.Actor {
		ac, err := a.DB.FindActor(ctx, a.People[role].ID, time.Now())
		if err != nil {
			t.Fatal(err)
		}
		return ac
	}
	sec := actor("secretariat")
	n, err := a.Needs.Create(ctx, actor("member"), needs.Input{Title: "Språkprøve behov", Problem: "Et problem", Area: "plan", Affected: []string{"citizens"}})
	if err != nil {
		t.Fatal(err)
	}
	for _, to := range []string{needs.InTriage, needs.UnderAssessment} {
		if _, err := a.Needs.Transition(ctx, sec, n.ID, needs.Transition{To: to, Comment: "prøve"}); err != nil {
			t.Fatal(err)
		}
	}
	m, err := a.Needs.LatestMethod(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	r, err := a.Needs.OpenRound(ctx, sec, needs.RoundInput{Name: "Språkprøve runde", MethodID: m.ID, NeedIDs: []int64{n.ID}})
	if err != nil {
		t.Fatal(err)
	}
	for _, role := range []string{"secretariat", "user_council"} {
		var in []needs.ScoreInput
		for _, c := range m.Criteria {
			in = append(in, needs.ScoreInput{Criterion: c.Key, Value: 3, Rationale: "Begrunnelse"})
		}
		if err := a.Needs.SubmitScores(ctx, actor(role), r.ID, n.ID, in); err != nil {
			t.Fatalf("scores of %s: %v", role, err)
		}
	}
	if _, err := a.Needs.CloseRound(ctx, sec, r.ID, true); err != nil {
		t.Fatal(err)
	}
	return r.ID, n.ID
}

// defaultMethodTexts returns the bokmål guidance and scale steps of the
// default method, which a nynorsk or English page must not show unmarked.
func defaultMethodTexts(t testing.TB, a *apptest.App) map[string][]string {
	m, err := a.Needs.LatestMethod(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]string{}
	for _, c := range m.Criteria {
		out["nb"] = append(append(out["nb"], c.Guidance, c.NameNB), c.Anchors...)
		out["nn"] = append(append(out["nn"], c.GuidanceNN, c.NameNN), c.AnchorsNN...)
		out["en"] = append(append(out["en"], c.GuidanceEN, c.NameEN), c.AnchorsEN...)
	}
	return out
}

// TestPagesSpeakTheReadersLanguage walks every page each role may see (the
// GET page rows of the policy matrix, as in the browser walk, plus the
// scores of a closed round, the audit log and the portfolio's result) in
// nynorsk and English, and fails on a message key, a snake_case code or a
// piece of bokmål text from the catalogue or the default method.
func TestPagesSpeakTheReadersLanguage(t *testing.T) {
	a := apptest.New(t)
	repl := walkReplacer(t, a)
	pages := walkPages(t, a, repl)
	round, need := scoredClosedRound(t, a)
	score := "/assessment/rounds/" + i64(round) + "/needs/" + i64(need)
	for _, role := range []string{"secretariat", "user_council", "admin"} {
		pages[role] = append(pages[role], score)
	}
	extra := defaultMethodTexts(t, a)
	checked := 0
	for _, lang := range []string{"nn", "en"} {
		lc := bokmalOnly(t, lang, extra)
		if len(lc.nbOnly) < 200 {
			t.Fatalf("only %d bokmål-only pieces for %s: the heuristic found too little", len(lc.nbOnly), lang)
		}
		for _, role := range apptest.Roles {
			c := a.Client(role)
			c.Lang = lang
			if role != "anonymous" {
				c.PostForm("/account/settings", url.Values{"locale": {lang}, "notify_mode": {"immediate"}})
			}
			seen := map[string]bool{}
			for _, p := range pages[role] {
				if seen[p] {
					continue
				}
				seen[p] = true
				res := c.Get(p)
				if res.StatusCode != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") ||
					strings.HasPrefix(res.Header.Get("Content-Disposition"), "attachment") {
					continue
				}
				checked++
				checkLanguage(t, lang+" "+p+" as "+role, res.Body, lc)
			}
			if role == "strategic_council" {
				res := c.PostForm("/portfolio", url.Values{"example": {firstExample(t, a)}, "time_limit": {"5"}})
				checkLanguage(t, lang+" portfolio result as "+role, res.Body, lc)
			}
		}
	}
	t.Logf("%d pages checked", checked)
}

// TestLanguageCheckCatchesLeaks shows that the check fails on what issue 10
// found: a criterion key after its name, an audit code, bokmål guidance on
// an English page, and passes the same text marked as bokmål.
func TestLanguageCheckCatchesLeaks(t *testing.T) {
	a := apptest.New(t)
	texts := defaultMethodTexts(t, a)
	checks := map[string]langCheck{"nn": bokmalOnly(t, "nn", texts), "en": bokmalOnly(t, "en", texts)}
	for _, tc := range []struct {
		body string
		bad  bool
	}{
		{`<body><main><p>Brukar- og samfunnsnytte (benefit)</p></main></body>`, true},
		{`<body><main><p>Kostnad (låg er best) (cost)</p></main></body>`, true},
		{`<body><main><p>Status: in_triage</p></main></body>`, true},
		{`<body><main><td>membership.create</td></main></body>`, true},
		{`<body><main><p>Hvor raskt må behovet løses for å unngå tap eller ulemper?</p></main></body>`, true},
		{`<body><main><p>Lagre endringene</p></main></body>`, false}, // not a catalogue text
		{`<body><main><p lang="nb">Hvor raskt må behovet løses for å unngå tap eller ulemper?</p></main></body>`, false},
		{`<body><main><p>See https://example.org/a_b and notat.pdf</p></main></body>`, false},
	} {
		lc := checks["en"]
		if strings.Contains(tc.body, "Brukar") || strings.Contains(tc.body, "låg") {
			lc = checks["nn"]
		}
		if got := languageProblems(t, tc.body, lc); (len(got) > 0) != tc.bad {
			t.Errorf("%s: problems %q, want some: %v", tc.body, got, tc.bad)
		}
	}
}

// TestScoresAndMethodInWords: the scores table and the method page name
// criteria, not their keys; the cost criterion says "low is best" once;
// the English score form shows English guidance and steps; a method without
// nynorsk texts shows the bokmål ones marked as such.
func TestScoresAndMethodInWords(t *testing.T) {
	a := apptest.New(t)
	round, need := scoredClosedRound(t, a)
	score := "/assessment/rounds/" + i64(round) + "/needs/" + i64(need)
	c := a.Client("secretariat")
	res := c.Get(score)
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(res.Body))
	if err != nil || res.StatusCode != 200 {
		t.Fatalf("score page: %d %v", res.StatusCode, err)
	}
	cells := doc.Find("#h-others").Parent().Find("tbody td:nth-child(2)").Map(func(_ int, s *goquery.Selection) string { return s.Text() })
	if len(cells) == 0 || !contains(cells, "Bruker- og samfunnsnytte") || contains(cells, "benefit") {
		t.Errorf("criteria in the scores table: %q", cells)
	}
	m, err := a.Needs.LatestMethod(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	method := c.Get("/assessment/methods/" + i64(m.ID)).Body
	for _, bad := range []string{"(benefit)", "(legal)", "(lav er best)"} {
		if strings.Contains(method, bad) {
			t.Errorf("method page shows %q", bad)
		}
	}
	if !strings.Contains(method, "lav verdi er best") {
		t.Errorf("method page does not say the cost criterion is better low")
	}

	// An open round of the default method, in English.
	ctx := context.Background()
	sec, _ := a.DB.FindActor(ctx, a.People["secretariat"].ID, time.Now())
	r, err := a.Needs.OpenRound(ctx, sec, needs.RoundInput{Name: "English round", MethodID: m.ID, NeedIDs: []int64{need}})
	if err != nil {
		t.Fatal(err)
	}
	uc := a.Client("user_council")
	uc.Lang = "en"
	uc.PostForm("/account/settings", url.Values{"locale": {"en"}, "notify_mode": {"immediate"}})
	form := uc.Get("/assessment/rounds/" + i64(r.ID) + "/needs/" + i64(need)).Body
	for _, want := range []string{"How soon must the need be met", "Urgent now", "Cost"} {
		if !strings.Contains(form, want) {
			t.Errorf("English score form lacks %q", want)
		}
	}
	for _, bad := range []string{"Haster nå", "Hvor raskt", "(lav er best)", "lower is better) (lower"} {
		if strings.Contains(form, bad) {
			t.Errorf("English score form shows %q", bad)
		}
	}

	// A method without nynorsk texts: bokmål, marked, with a note.
	bare := *m
	bare.Name = "Berre bokmål"
	bare.Criteria = nil
	for _, cr := range m.Criteria {
		cr.GuidanceNN, cr.AnchorsNN = "", nil
		bare.Criteria = append(bare.Criteria, cr)
	}
	saved, _, err := a.Needs.SaveMethod(ctx, policy.SystemActor, 0, &bare)
	if err != nil {
		t.Fatal(err)
	}
	nn := a.Client("user_council")
	nn.Lang = "nn"
	nn.PostForm("/account/settings", url.Values{"locale": {"nn"}, "notify_mode": {"immediate"}})
	page := nn.Get("/assessment/methods/" + i64(saved.ID)).Body
	if !strings.Contains(page, "Manglar på nynorsk – vist på bokmål") || !strings.Contains(page, `lang="nb"`) {
		t.Errorf("nynorsk page of a method without nynorsk texts has no fallback note or lang mark")
	}
	if !strings.Contains(nn.Get("/assessment/methods/"+i64(m.ID)).Body, "Hastar no") {
		t.Errorf("nynorsk page of the default method lacks its nynorsk steps")
	}
}

// TestAuditLogInWords: the audit log shows what happened and to whom in
// words, not codes and "person 2".
func TestAuditLogInWords(t *testing.T) {
	a := apptest.New(t)
	member := a.People["member"]
	c := a.Client("admin")
	a.Client("member") // signs in: auth.login
	for _, path := range []string{"/audit", "/audit/person/" + i64(member.ID)} {
		res := c.Get(path)
		if res.StatusCode != 200 {
			t.Fatalf("%s: %d", path, res.StatusCode)
		}
		text := visibleText(t, res.Body, "nb")
		for _, bad := range []string{"membership.create", "auth.login", "person.create", "person " + i64(member.ID)} {
			if strings.Contains(text, bad) {
				t.Errorf("%s shows %q", path, bad)
			}
		}
		if !strings.Contains(text, "Person "+member.Name) {
			t.Errorf("%s does not name the person %q", path, member.Name)
		}
	}
	if text := visibleText(t, c.Get("/audit").Body, "nb"); !strings.Contains(text, "Logget inn") || !strings.Contains(text, "Opprettet person") || !strings.Contains(text, "API-nøkkel nr.") {
		t.Errorf("the audit log does not say in words what happened: %.1500s", text)
	}
	if body := c.Get("/audit?action=auth.login").Body; !strings.Contains(body, `<option value="auth.login" selected>Logget inn</option>`) {
		t.Errorf("the action filter is not a choice in words")
	}
}

// TestPortfolioInWords: a truncated document gives a Norwegian message on
// the document field, not Go's "empty or truncated JSON", and the
// computing time has a decimal comma.
func TestPortfolioInWords(t *testing.T) {
	a := apptest.New(t)
	c := a.Client("strategic_council")
	res := c.PostForm("/portfolio", url.Values{"instance": {`{"format":"portfolio-instance/v1","years":1,`}})
	if res.StatusCode != 422 {
		t.Fatalf("truncated document: status %d", res.StatusCode)
	}
	if strings.Contains(res.Body, "truncated") || !strings.Contains(res.Body, `href="#f-instance">Dokument (JSON): Dokumentet er tomt eller slutter før det er ferdig.`) {
		t.Errorf("truncated document: no Norwegian message linked to the field")
	}
	res = c.PostForm("/portfolio", url.Values{"example": {firstExample(t, a)}, "time_limit": {"5"}})
	if res.StatusCode != 200 {
		t.Fatalf("example: %d", res.StatusCode)
	}
	if !regexp.MustCompile(`Regnetid</dt><dd>\d+,\d\d s</dd>`).MatchString(res.Body) {
		i := strings.Index(res.Body, "Regnetid")
		t.Errorf("computing time not with a decimal comma: %.80s", res.Body[max(i, 0):])
	}
}

func firstExample(t testing.TB, a *apptest.App) string {
	t.Helper()
	ex := a.Portfolio.Examples()
	if len(ex) == 0 {
		t.Fatal("no portfolio examples")
	}
	return ex[0].Name
}

func i64(n int64) string { return strconv.FormatInt(n, 10) }

func contains(xs []string, s string) bool {
	for _, x := range xs {
		if strings.Contains(x, s) {
			return true
		}
	}
	return false
}
