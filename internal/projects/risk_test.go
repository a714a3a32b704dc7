package projects

import (
	"testing"

	"github.com/samstyr/samstyr/internal/errs"
)

func TestRiskValidateScale(t *testing.T) {
	for _, c := range []struct {
		p, k  int64
		field string
	}{{0, 3, "probability"}, {6, 3, "probability"}, {3, 0, "consequence"}, {3, 6, "consequence"}, {1, 5, ""}, {5, 1, ""}} {
		err := (&Risk{Title: "R", Probability: c.p, Consequence: c.k}).Validate()
		if c.field == "" {
			if err != nil {
				t.Errorf("%d×%d: %v", c.p, c.k, err)
			}
			continue
		}
		if e := errs.As(err); e == nil || len(e.Fields) != 1 || e.Fields[0].Field != c.field {
			t.Errorf("%d×%d: %v, want %s", c.p, c.k, err, c.field)
		}
	}
}

func TestRiskStateTableAndHeatMap(t *testing.T) {
	if !CanMoveRisk(RiskIdentified, RiskOccurred) || CanMoveRisk(RiskClosed, RiskOccurred) || CanMoveRisk(RiskOccurred, RiskClosed) {
		t.Fatal("risk state table")
	}
	rs := []*Risk{{ID: 1, Probability: 5, Consequence: 1, State: RiskIdentified}, {ID: 2, Probability: 5, Consequence: 1, State: RiskMitigating},
		{ID: 3, Probability: 1, Consequence: 5, State: RiskAssessed}, {ID: 4, Probability: 4, Consequence: 4, State: RiskClosed}}
	h := HeatMap(rs)
	if len(h[0][0].Risks) != 2 || h[0][0].Probability != 5 || h[0][0].Consequence != 1 {
		t.Fatalf("top-left cell: %+v", h[0][0])
	}
	if len(h[4][4].Risks) != 1 || len(h[1][3].Risks) != 0 {
		t.Fatalf("bottom-right %+v, closed risk counted %+v", h[4][4], h[1][3])
	}
	if h[0][4].Level() != "high" || h[4][0].Level() != "low" {
		t.Fatal("levels")
	}
	top := TopRisks(rs, 2)
	if len(top) != 2 || top[0].Score() != 5 {
		t.Fatalf("top: %+v", top)
	}
}
