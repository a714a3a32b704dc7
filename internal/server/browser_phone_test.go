package server_test

import (
	"context"
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/samstyr/samstyr/internal/testutil/apptest"
)

// phoneWidth is the width of a common phone's screen in CSS pixels.
const phoneWidth = 390

// phoneProbe reports how much wider than the screen the page is, and the
// widest elements that stick out (for the failure message).
const phoneProbe = `(() => {
  const vw = document.documentElement.clientWidth;
  const over = [];
  for (const el of document.querySelectorAll("body *")) {
    const r = el.getBoundingClientRect();
    if (r.right > vw + 1 && r.width > 0) {
      let inScroller = false;
      for (let p = el.parentElement; p; p = p.parentElement) {
        const o = getComputedStyle(p).overflowX;
        if (o === "auto" || o === "scroll" || o === "hidden") { inScroller = true; break; }
      }
      if (!inScroller) over.push(el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + (typeof el.className === "string" && el.className ? "." + el.className.trim().split(/\s+/).join(".") : "") + " (" + Math.round(r.right) + " px)");
    }
  }
  return {scroll: document.documentElement.scrollWidth, viewport: vw, inner: innerWidth, over: over.slice(0, 5)};
})()`

type phoneInfo struct {
	Scroll   int      `json:"scroll"`
	Viewport int      `json:"viewport"`
	Inner    int      `json:"inner"`
	Over     []string `json:"over"`
}

// phoneTab opens a tab that renders like a phone 390 px wide.
func phoneTab(t *testing.T, a *apptest.App) *tab {
	b := newTab(t, a)
	b.run("phone width", chromedp.EmulateViewport(phoneWidth, 844, chromedp.EmulateScale(2), chromedp.EmulateMobile))
	return b
}

// screenshot returns a JPEG of the whole page shown.
func (b *tab) screenshot() []byte {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 30*time.Second)
	defer cancel()
	img, err := chromedp.Run(ctx, chromedp.FullScreenshot(80))
	if err != nil {
		b.t.Fatalf("screenshot: %v", err)
	}
	return img
}

// checkPhoneWidth fails when the page shown scrolls sideways: the document
// is wider than the screen.
func (b *tab) checkPhoneWidth(where string) {
	b.t.Helper()
	p := eval[phoneInfo](b, phoneProbe)
	if p.Scroll > phoneWidth || p.Inner != phoneWidth {
		b.t.Errorf("%s: at %d px the page is %d px wide (scrolls sideways); sticking out: %s", where, p.Inner, p.Scroll, strings.Join(p.Over, ", "))
	}
}

// TestBrowserPhoneWidthNoSidewaysScroll loads every page each role may
// see (the walk of TestBrowserEveryPagePassesAxe) in Chromium at the width
// of a phone, 390 px, and fails where document.documentElement.scrollWidth
// is wider than the screen. With SAMSTYR_SCREENSHOTS=dir it saves a
// screenshot of each page there.
func TestBrowserPhoneWidthNoSidewaysScroll(t *testing.T) {
	a := apptest.New(t)
	repl := walkReplacer(t, a)
	pages := walkPages(t, a, repl)
	round, need := scoredClosedRound(t, a)
	score := fmt.Sprintf("/assessment/rounds/%d/needs/%d", round, need)
	pages["secretariat"] = append(pages["secretariat"], score)
	shots := os.Getenv("SAMSTYR_SCREENSHOTS")
	var mu sync.Mutex
	loaded := 0
	t.Run("roles", func(t *testing.T) {
		for _, role := range apptest.Roles {
			t.Run(role, func(t *testing.T) {
				t.Parallel()
				b := phoneTab(t, a)
				if role != "anonymous" {
					b.signIn(role)
				}
				seen := map[string]bool{}
				for _, p := range pages[role] {
					if seen[p] {
						continue
					}
					seen[p] = true
					status, err := b.tryOpen(p)
					if err != nil || status != 200 || b.mime != "text/html" {
						continue // downloads; statuses are the axe walk's to check
					}
					b.checkPhoneWidth(p + " as " + role)
					mu.Lock()
					loaded++
					mu.Unlock()
					if shots != "" {
						png := b.screenshot()
						name := strings.NewReplacer("/", "_", "?", "_", "&", "_", "=", "_").Replace(role + p)
						_ = os.WriteFile(shots+"/"+name+".jpg", png, 0o644)
					}
				}
			})
		}
	})
	if loaded < 100 {
		t.Errorf("only %d pages loaded at phone width", loaded)
	}
	t.Logf("%d pages loaded at %d px", loaded, phoneWidth)
}

// TestBrowserPhoneCheckCatchesOverflow shows that the check fails on a page
// made wider than the screen.
func TestBrowserPhoneCheckCatchesOverflow(t *testing.T) {
	a := apptest.New(t)
	b := phoneTab(t, a)
	b.open("/")
	if p := eval[phoneInfo](b, phoneProbe); p.Scroll > phoneWidth || p.Inner != phoneWidth {
		t.Fatalf("the home page is too wide before anything is broken: %+v", p)
	}
	// A block 800 px wide (set through the CSSOM, which the CSP allows).
	p := eval[phoneInfo](b, `(() => { const d = document.createElement("div"); d.style.width = "800px"; d.textContent = "x"; document.querySelector("main").appendChild(d); return true; })() && `+phoneProbe)
	if p.Scroll <= phoneWidth {
		t.Errorf("a page with an 800 px wide image is not reported as too wide: %+v", p)
	}
}
