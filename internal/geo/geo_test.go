package geo

import (
	"strings"
	"testing"
)

func TestMap(t *testing.T) {
	nums, err := Numbers()
	if err != nil || len(nums) != 357 {
		t.Fatalf("numbers: %d %v", len(nums), err)
	}
	svg, err := SVG(Map{ID: "m", Title: "Tilslutning <test>", Desc: "2 kommuner", Shaded: map[string]string{"0301": "Oslo", "4601": "Bergen"},
		Classes: [2]string{"map-muni", "map-muni is-backing"}})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(svg, `role="img"`) || !strings.Contains(svg, `<title id="m-title">Tilslutning &lt;test&gt;</title>`) ||
		!strings.Contains(svg, "<title>Oslo</title>") || strings.Count(svg, "<path") != 357 {
		t.Fatalf("svg: %s", svg[:300])
	}
	if len(svg) > 200_000 {
		t.Fatalf("map is %d bytes; keep it under 200 KB", len(svg))
	}
	t.Logf("map: %d bytes", len(svg))

	// With the base map referenced, only the shaded municipalities are inline.
	svg, err = SVG(Map{ID: "m", Title: "T", Desc: "D", Shaded: map[string]string{"0301": "Oslo"}, Classes: [2]string{"a", "b"}, BaseHref: "/map/norway-x.svg"})
	if err != nil || strings.Count(svg, "<path") != 1 || !strings.Contains(svg, `<use href="/map/norway-x.svg#base"/>`) || len(svg) > 20_000 {
		t.Fatalf("svg with a base: %d bytes: %.300s", len(svg), svg)
	}
	doc, hash, err := Base()
	if err != nil || strings.Count(doc, "<path") != 357 || !strings.Contains(doc, `<g id="base">`) || len(hash) != 12 {
		t.Fatalf("base: %d paths, hash %q, %v", strings.Count(doc, "<path"), hash, err)
	}
}

func TestUTM33(t *testing.T) {
	// Oslo City Hall: about 261 500 E, 6 649 300 N in UTM33 (EUREF89).
	x, y := utm33(10.7335, 59.9119)
	if x < 260500 || x > 262500 || y < 6648300 || y > 6650300 {
		t.Fatalf("utm33 = %.0f %.0f", x, y)
	}
}
