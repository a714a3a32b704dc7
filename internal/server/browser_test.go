package server_test

// Browser tests: samstyr in Debian's Chromium, driven over the DevTools
// protocol with chromedp. One browser serves every test of this package's
// test binary; each test opens tabs in browser contexts of their own (their
// own cookies). If Chromium cannot start, the tests fail: they never skip.
//
// The helpers here load pages, run axe-core (the WCAG 2.0/2.1 A and AA
// rules) and check that keyboard focus is always visible.

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/samstyr/samstyr/internal/testutil/apptest"
)

// chromiumPath is Debian's Chromium (packages chromium, chromium-driver).
const chromiumPath = "/usr/bin/chromium"

// axePath is axe-core as installed by `npm ci` in web/ (make test does it).
const axePath = "../../web/node_modules/axe-core/axe.min.js"

// axeTags are the rule sets every page must pass: WCAG 2.0 and 2.1, A and AA.
var axeTags = []string{"wcag2a", "wcag2aa", "wcag21a", "wcag21aa"}

var chromium struct {
	once   sync.Once
	ctx    context.Context
	cancel context.CancelFunc
	err    error
	axe    string
}

func TestMain(m *testing.M) {
	code := m.Run()
	if chromium.cancel != nil {
		chromium.cancel()
	}
	os.Exit(code)
}

// startBrowser starts the shared Chromium once, with a fresh user-data
// directory (chromedp makes a temporary one and removes it at the end).
func startBrowser(t *testing.T) context.Context {
	t.Helper()
	chromium.once.Do(func() {
		b, err := os.ReadFile(axePath)
		if err != nil {
			chromium.err = fmt.Errorf("axe-core is not installed (run `make web-deps`, i.e. npm ci in web/): %w", err)
			return
		}
		chromium.axe = string(b)
		opts := append(chromedp.DefaultExecAllocatorOptions[:],
			chromedp.ExecPath(chromiumPath), chromedp.NoSandbox, chromedp.DisableGPU,
			chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
			chromedp.NoFirstRun, chromedp.WindowSize(1280, 1000))
		actx, acancel := chromedp.NewExecAllocator(context.Background(), opts...)
		bctx, bcancel := chromedp.NewContext(actx)
		chromium.ctx = bctx
		chromium.cancel = func() { bcancel(); acancel() }
		// The first Run starts the browser; its context must have no timeout.
		done := make(chan error, 1)
		go func() { done <- chromedp.Do(bctx) }()
		select {
		case err := <-done:
			if err != nil {
				chromium.err = fmt.Errorf("start Chromium (%s; install the Debian packages chromium and chromium-driver): %w", chromiumPath, err)
			}
		case <-time.After(60 * time.Second):
			chromium.err = fmt.Errorf("Chromium (%s) did not start within 60 s", chromiumPath)
		}
	})
	if chromium.err != nil {
		t.Fatalf("browser tests need Chromium and axe-core: %v", chromium.err)
	}
	return chromium.ctx
}

// tab is one browser tab in a browser context of its own: cookies are not
// shared with other tabs.
type tab struct {
	t    *testing.T
	a    *apptest.App
	ctx  context.Context
	mu   sync.Mutex
	logs []string // errors the page wrote to the console, CSP violations
	// status of the last document loaded, and its content type
	status int64
	mime   string
	docs   map[string]bool // documents loaded, whose status the tests check
}

// newTab opens a tab for the app in a fresh browser context.
func newTab(t *testing.T, a *apptest.App) *tab {
	t.Helper()
	bctx := startBrowser(t)
	ctx, cancel := chromedp.NewContext(bctx, chromedp.WithNewBrowserContext())
	t.Cleanup(cancel)
	b := &tab{t: t, a: a, ctx: ctx, docs: map[string]bool{}}
	if err := chromedp.Listen(ctx, b.listen); err != nil {
		t.Fatalf("open a tab: %v", err)
	}
	return b
}

// listen collects what the page reports as errors: uncaught exceptions,
// console errors, and browser log errors (CSP violations are among them).
func (b *tab) listen(ev any) {
	var msg string
	switch e := ev.(type) {
	case *runtime.EventExceptionThrown:
		msg = "exception: " + e.ExceptionDetails.Text
		if e.ExceptionDetails.Exception != nil {
			msg += " " + e.ExceptionDetails.Exception.Description
		}
	case *runtime.EventConsoleAPICalled:
		if e.Type == runtime.ConsoleAPICalledTypeError {
			var parts []string
			for _, a := range e.Args {
				parts = append(parts, strings.Trim(string(a.Value), `"`)+a.Description)
			}
			msg = "console error: " + strings.Join(parts, " ")
		}
	case *log.EventEntryAdded:
		// The status of the document itself is checked by the tests (error
		// pages are loaded on purpose), so its network entry is no problem.
		b.mu.Lock()
		doc := b.docs[e.Entry.URL]
		b.mu.Unlock()
		if e.Entry.Source == log.EntrySourceNetwork && doc {
			return
		}
		if e.Entry.Level == log.EntryLevelError || e.Entry.Source == log.EntrySourceSecurity {
			msg = fmt.Sprintf("browser log (%s): %s %s", e.Entry.Source, e.Entry.Text, e.Entry.URL)
		}
	}
	if msg != "" {
		b.mu.Lock()
		b.logs = append(b.logs, msg)
		b.mu.Unlock()
	}
}

// takeLogs returns and clears the page errors collected so far.
func (b *tab) takeLogs() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	l := b.logs
	b.logs = nil
	return l
}

// run runs actions with a time limit, failing the test on error.
func (b *tab) run(what string, steps ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 30*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, steps...); err != nil {
		b.t.Fatalf("%s: %v", what, err)
	}
}

// load runs actions that cause a navigation (a link, a form submitted) and
// waits for the new page; it records the document's status.
func (b *tab) load(what string, steps ...chromedp.Action[chromedp.Void]) int64 {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 30*time.Second)
	defer cancel()
	res, err := chromedp.RunResponse(ctx, steps...)
	if err != nil {
		b.t.Fatalf("%s: %v", what, err)
	}
	b.record(res)
	return b.status
}

// record notes the document loaded. Its status is the test's to check, so
// the browser's log entry about an error status (a 404 or 422 page loaded
// on purpose) is not a problem of the page.
func (b *tab) record(res *network.Response) {
	b.status, b.mime = 0, ""
	if res != nil {
		b.status, b.mime = res.Status, res.MimeType
		b.mu.Lock()
		b.docs[res.URL] = true
		var keep []string
		for _, l := range b.logs {
			if !strings.HasSuffix(l, " "+res.URL) || !strings.HasPrefix(l, "browser log (network)") {
				keep = append(keep, l)
			}
		}
		b.logs = keep
		b.mu.Unlock()
	}
}

// open loads a path of the app and returns the status of the document
// (after redirects).
func (b *tab) open(path string) int64 {
	b.t.Helper()
	return b.load("open "+path, chromedp.Navigate(b.a.URL+path))
}

// errDownload is what loading a download (Content-Disposition: attachment)
// gives: the browser saves it instead of showing a page.
const errDownload = "net::ERR_ABORTED"

// tryOpen is open that returns the load error instead of failing.
func (b *tab) tryOpen(path string) (int64, error) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 30*time.Second)
	defer cancel()
	res, err := chromedp.RunResponse(ctx, chromedp.Navigate(b.a.URL+path))
	if err != nil {
		return 0, err
	}
	b.record(res)
	return b.status, nil
}

// eval evaluates a JavaScript expression into a value of type T.
func eval[T any](b *tab, js string, opts ...chromedp.EvaluateOption) T {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 60*time.Second)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](js, opts...))
	if err != nil {
		b.t.Fatalf("evaluate %.60q: %v", js, err)
	}
	return v
}

// path returns the path and query of the page shown.
func (b *tab) path() string {
	return eval[string](b, `location.pathname + location.search`)
}

// axeResult is the part of axe-core's results the tests read.
type axeResult struct {
	Violations []struct {
		ID     string `json:"id"`
		Impact string `json:"impact"`
		Help   string `json:"help"`
		Nodes  []struct {
			Target         []any  `json:"target"`
			FailureSummary string `json:"failureSummary"`
		} `json:"nodes"`
	} `json:"violations"`
	Passes int `json:"passes"`
}

// checkAxe runs axe-core on the page shown and fails the test for every
// violation of the WCAG 2.0/2.1 A and AA rules, naming the rule, its help
// text and the failing elements. It also fails on errors the page reported
// (exceptions, console errors, CSP violations).
func (b *tab) checkAxe(where string) {
	b.t.Helper()
	res := b.axe()
	for _, v := range res.Violations {
		var targets []string
		for _, n := range v.Nodes {
			targets = append(targets, fmt.Sprint(n.Target)+" — "+strings.ReplaceAll(n.FailureSummary, "\n", " "))
		}
		b.t.Errorf("axe %s: %s (%s): %s\n\t%s", where, v.ID, v.Impact, v.Help, strings.Join(targets, "\n\t"))
	}
	b.checkLogs(where)
}

// axe runs axe-core with the WCAG 2.0/2.1 A and AA rules on the page shown.
func (b *tab) axe() axeResult {
	b.t.Helper()
	if !eval[bool](b, `typeof window.axe === "object"`) {
		eval[bool](b, chromium.axe+"\n;true")
	}
	tags, _ := json.Marshal(axeTags)
	js := `axe.run(document, {runOnly: {type: "tag", values: ` + string(tags) + `}, resultTypes: ["violations"]})
		.then(r => ({violations: r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
			nodes: v.nodes.map(n => ({target: n.target, failureSummary: n.failureSummary}))})), passes: r.passes.length}))`
	return eval[axeResult](b, js, chromedp.EvalAwaitPromise)
}

// checkLogs fails the test for every error the page reported.
func (b *tab) checkLogs(where string) {
	b.t.Helper()
	for _, l := range b.takeLogs() {
		b.t.Errorf("%s: the page reported %s", where, l)
	}
}

// shapeProbe describes the page shown as the set of its kinds of element:
// tag, classes, role, ARIA and data attributes, type, and whether it is an
// empty leaf. Two pages with the same shape differ only in text and in how
// often each kind repeats, which the WCAG rules axe checks do not turn on;
// the walk runs axe once per route and shape.
const shapeProbe = `(() => {
  const kinds = new Set();
  for (const el of document.querySelectorAll("html, body *")) {
    let s = el.tagName;
    if (typeof el.className === "string" && el.className.trim()) s += "." + el.className.trim().split(/\s+/).sort().join(".");
    for (const a of el.attributes) {
      if (a.name === "role" || a.name === "type" || a.name.startsWith("aria-") || a.name.startsWith("data-")) s += "[" + a.name + "=" + (a.name.endsWith("by") || a.name === "aria-controls" ? "" : a.value) + "]";
      else if (["for", "scope", "lang", "alt", "tabindex", "href", "title", "disabled", "required"].includes(a.name)) s += "[" + a.name + "]";
    }
    if (!el.children.length && !el.textContent.trim()) s += ":empty";
    kinds.add(s);
  }
  return [...kinds].sort().join("\n");
})()`

// shape returns the shape of the page shown (see shapeProbe).
func (b *tab) shape() string { return eval[string](b, shapeProbe) }

// signIn signs the tab in as the fixture person of role through the real
// sign-in form (and the second-factor form for administrators).
func (b *tab) signIn(role string) {
	b.t.Helper()
	email, password := b.a.Credentials(role)
	b.open("/login")
	b.run("fill in the sign-in form", chromedp.SendKeys(chromedp.ID("f-email"), email), chromedp.SendKeys(chromedp.ID("f-password"), password))
	b.load("sign in", chromedp.Click(chromedp.CSS(`main form button[type=submit]`)))
	if strings.HasPrefix(b.path(), "/login/totp") {
		b.run("second factor", chromedp.SendKeys(chromedp.ID("f-code"), b.a.SecondFactorCode(email)))
		b.load("second factor", chromedp.Click(chromedp.CSS(`main form button[type=submit]`)))
	}
	if p := b.path(); strings.HasPrefix(p, "/login") || b.status != 200 {
		b.t.Fatalf("sign in as %s: at %s with status %d", role, p, b.status)
	}
}

// focusStyle lists the computed style properties that can show focus.
const focusStyle = `["outlineStyle", "outlineWidth", "outlineColor", "boxShadow", "borderTopColor", "borderBottomColor", "backgroundColor", "color", "textDecorationLine"]`

// focusSnapshot records, once per page and before the first key press, the
// computed style of every focusable element while it is not focused.
const focusSnapshot = `(() => {
  if (window.__unfocused) return true;
  const props = ` + focusStyle + `;
  window.__unfocused = new WeakMap();
  for (const f of document.querySelectorAll("a[href], button, input, select, textarea, summary, [tabindex]")) {
    if (f === document.activeElement) continue;
    // The focusable element and two ancestors: Designsystemet draws the
    // ring of a checkbox or radio button on its field.
    for (let el = f, i = 0; el && i < 3; el = el.parentElement, i++) {
      const s = getComputedStyle(el);
      window.__unfocused.set(el, props.map(p => s[p]));
    }
  }
  return true;
})()`

// focusProbe reports on the focused element: what it is, and whether its
// focus is visible — an outline, or a computed style of it or of one of its
// two nearest ancestors that differs from the unfocused state (see
// focusSnapshot) — and on the screen.
const focusProbe = `(() => {
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) return {tag: "body", visible: false, why: "focus is on the page, not on an element"};
  const name = (el.getAttribute("aria-label") || el.innerText || el.value || el.name || "").trim().replace(/\s+/g, " ").slice(0, 50);
  const desc = el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + (el.getAttribute("href") ? "[href=" + el.getAttribute("href") + "]" : "") + " " + JSON.stringify(name);
  const props = ` + focusStyle + `;
  const s = getComputedStyle(el);
  const outline = s.outlineStyle !== "none" && parseFloat(s.outlineWidth) > 0;
  let differs = [];
  for (let a = el, i = 0; a && i < 3 && !differs.length; a = a.parentElement, i++) {
    const before = window.__unfocused && window.__unfocused.get(a);
    const sa = getComputedStyle(a);
    if (before) differs = props.filter((p, j) => sa[p] !== before[j]);
  }
  const r = el.getBoundingClientRect();
  const onScreen = r.width > 0 && r.height > 0 && r.bottom > 0 && r.right > 0 && r.top < innerHeight && r.left < innerWidth;
  return {tag: desc, visible: (outline || differs.length > 0) && onScreen,
    why: (outline ? "" : "no outline; ") + (differs.length ? "" : "no style differs from unfocused; ") + (onScreen ? "" : "not on the screen")};
})()`

type focusInfo struct {
	Tag     string `json:"tag"`
	Visible bool   `json:"visible"`
	Why     string `json:"why"`
}

// press sends one key (with Shift when shift is set) as real key events.
func (b *tab) press(key string, shift bool) {
	b.t.Helper()
	var opts []chromedp.KeyOption
	if shift {
		opts = append(opts, chromedp.KeyModifiers(chromedp.ModifierShift))
	}
	b.run("press "+fmt.Sprintf("%q", key), chromedp.KeyEvent(key, opts...))
}

// tabTo presses Tab (Shift+Tab when back) until the element matching
// selector has focus, checking after every press that the focused element
// shows its focus. It fails after limit presses.
func (b *tab) tabTo(selector string, back bool, limit int) {
	b.t.Helper()
	sel, _ := json.Marshal(selector)
	eval[bool](b, focusSnapshot)
	for range limit {
		b.press(kb.Tab, back)
		f := eval[focusInfo](b, focusProbe)
		if !f.Visible {
			b.t.Fatalf("at %s, Tab moved focus to %s, whose focus is not visible: %s", b.path(), f.Tag, f.Why)
		}
		if eval[bool](b, `document.activeElement.matches(`+string(sel)+`)`) {
			return
		}
	}
	b.t.Fatalf("at %s: %d presses of Tab did not reach %s", b.path(), limit, selector)
}

// typeText types text into the focused element with key events.
func (b *tab) typeText(text string) {
	b.t.Helper()
	b.run("type", chromedp.KeyEvent(text))
}

// pressToLoad presses a key (Enter or Space) on the focused element and
// waits for the page it loads.
func (b *tab) pressToLoad(key string) int64 {
	b.t.Helper()
	return b.load("press "+fmt.Sprintf("%q", key)+" to submit", chromedp.KeyEvent(key))
}

// text returns the text of the first element matching selector ("" when
// there is none).
func (b *tab) text(selector string) string {
	sel, _ := json.Marshal(selector)
	return eval[string](b, `(document.querySelector(`+string(sel)+`) || {innerText: ""}).innerText`)
}

// TestBrowserChecksCatchProblems shows that the checks can fail: axe finds
// an image without text and a field without a label, the focus check finds
// a button whose focus ring was taken away, and a CSP violation is caught.
func TestBrowserChecksCatchProblems(t *testing.T) {
	a := apptest.New(t)
	b := newTab(t, a)
	b.open("/login")
	if res := b.axe(); len(res.Violations) != 0 {
		t.Fatalf("the sign-in page has violations before anything is broken: %+v", res.Violations)
	}
	eval[bool](b, `(() => {
		const main = document.querySelector("main");
		const img = document.createElement("img"); img.src = "/favicon.ico"; main.appendChild(img);
		const input = document.createElement("input"); input.type = "text"; main.appendChild(input);
		const btn = document.createElement("button"); btn.id = "no-ring"; btn.textContent = "No ring"; btn.style.outline = "none";
		document.body.insertBefore(btn, document.body.firstChild);
		return true; })()`)
	found := map[string]bool{}
	for _, v := range b.axe().Violations {
		found[v.ID] = true
	}
	if !found["image-alt"] || !found["label"] {
		t.Errorf("axe did not report the image without alt and the field without a label: %v", found)
	}
	eval[bool](b, focusSnapshot)
	b.press(kb.Tab, false)
	if f := eval[focusInfo](b, focusProbe); !strings.HasPrefix(f.Tag, "button#no-ring") || f.Visible {
		t.Errorf("focus check on a button without a focus ring: %+v", f)
	}
	b.takeLogs()
	eval[bool](b, `document.querySelector("h1").setAttribute("style", "color: red"), true`)
	time.Sleep(200 * time.Millisecond)
	if logs := b.takeLogs(); len(logs) == 0 {
		t.Errorf("an inline style (forbidden by the CSP) was not reported")
	} else {
		t.Logf("reported: %v", logs)
	}
}
