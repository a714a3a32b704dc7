package portfolio

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/samstyr/samstyr/internal/errs"
	"github.com/samstyr/samstyr/internal/policy"
)

var council = &policy.Actor{PersonID: 1, OrgKind: policy.OrgMunicipality, Memberships: []policy.Membership{{BodyID: 2, BodyKind: policy.BodyStrategicCouncil, Function: policy.FuncMember}}}

const small = `{"format":"portfolio-instance/v1","name":"t","cost_unit":"kNOK","years":2,"budget":[10,10],
 "projects":[{"id":"a","benefit":5,"cost":[6,6]},{"id":"b","benefit":4,"cost":[5,5]},{"id":"c","benefit":3,"cost":[4,4],"prerequisites":["b"]}],
 "exclusive_groups":[]}`

func TestOptimizeAndOptions(t *testing.T) {
	s := NewService()
	ctx := context.Background()
	inst, err := s.Parse([]byte(small))
	if err != nil {
		t.Fatal(err)
	}
	out, err := s.Optimize(ctx, council, inst, Request{Frontier: 3, Explain: true})
	if err != nil || out.Objective != 7 || !out.Optimal || strings.Join(out.Selected, ",") != "b,c" {
		t.Fatalf("optimize: %+v %v", out, err)
	}
	if len(out.Frontier) != 3 || out.Explanations == nil || len(out.Explanations.Years) != 2 {
		t.Fatalf("frontier/explanations: %+v", out)
	}
	// Forcing a in leaves room for nothing else costing 5 or more.
	out, err = s.Optimize(ctx, council, inst, Request{Force: []string{"a"}})
	if err != nil || out.Objective != 5 {
		t.Fatalf("force a: %+v %v", out, err)
	}
	// A larger budget takes everything.
	out, err = s.Optimize(ctx, council, inst, Request{Budget: []int64{20, 20}})
	if err != nil || out.Objective != 12 {
		t.Fatalf("budget 20: %+v %v", out, err)
	}
}

func TestErrorsNameTheField(t *testing.T) {
	s := NewService()
	ctx := context.Background()
	for _, tc := range []struct {
		doc, field, key string
	}{
		{`{"format":"portfolio-instance/v2"}`, "format", "portfolio.error.format"},
		{`{"format":"portfolio-instance/v1","years":1,"budget":[-1],"projects":[]}`, "budget[0]", "portfolio.error.budget_negative"},
		{`{"format":"portfolio-instance/v1","years":1,"budget":[5],"projects":[{"id":"a","benefit":1,"cost":[1],"prerequisites":["b"]},{"id":"b","benefit":1,"cost":[1],"prerequisites":["a"]}]}`, "projects[0].prerequisites", "portfolio.error.prerequisite_cycle"},
		{`{"format":"portfolio-instance/v1","years":1,"budget":[5],"projects":[{"id":"a","benefit":1,"cost":[9],"mandatory":true}]}`, "budget[0]", "portfolio.error.mandatory_infeasible"},
		{`{"format":"portfolio-instance/v1","years":2,"budget":[5],"projects":[]}`, "budget", "portfolio.error.budget_length"},
		{`{"format":"portfolio-instance/v1","years":1,"budget":[5],"projects":[],"colour":"red"}`, "colour", "portfolio.error.json_unknown_field"},
		// JSON problems get keys of their own, not the decoder's English.
		{``, "instance", "portfolio.error.json_empty"},
		{`{"format":"portfolio-instance/v1","years":1,`, "instance", "portfolio.error.json_empty"},
		{`{"format": portfolio}`, "instance", "portfolio.error.json_syntax"},
		{`[1, 2]`, "instance", "portfolio.error.json_not_object"},
		{`{"format":"portfolio-instance/v1","years":"one"}`, "years", "portfolio.error.json_type"},
		{`{"format":"portfolio-instance/v1","years":1,"budget":[5],"projects":[]} {}`, "instance", "portfolio.error.json_trailing"},
	} {
		_, err := s.Parse([]byte(tc.doc))
		e := errs.As(err)
		if e == nil || e.Code != errs.Invalid || e.Fields[0].Field != tc.field || e.Fields[0].Key != tc.key {
			t.Errorf("%s: got %v, want field %s key %s", tc.doc, err, tc.field, tc.key)
		}
	}
	inst, _ := s.Parse([]byte(small))
	_, err := s.Optimize(ctx, council, inst, Request{Force: []string{"zzz"}})
	if e := errs.As(err); e == nil || e.Fields[0].Key != "portfolio.error.unknown_id" || e.Fields[0].Args["id"] != "zzz" {
		t.Fatalf("unknown forced id: %v", err)
	}
	_, err = s.Optimize(ctx, council, inst, Request{TimeLimit: 2 * time.Minute, Frontier: 99, Budget: []int64{1}})
	if e := errs.As(err); e == nil || len(e.Fields) != 3 {
		t.Fatalf("request limits: %v", err)
	}
	if _, err := s.Optimize(ctx, &policy.Actor{PersonID: 2, OrgKind: policy.OrgVendor}, inst, Request{}); errs.CodeOf(err) != errs.Forbidden {
		t.Fatalf("vendor: %v", err)
	}
}

func TestParseIDs(t *testing.T) {
	if got := strings.Join(ParseIDs(" p1, p2\np3;p1 \t p4 "), "|"); got != "p1|p2|p3|p4" {
		t.Fatal(got)
	}
}
