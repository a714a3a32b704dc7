package portfolio

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/samstyr/samstyr/internal/errs"
)

// TestBeginLimitsRuns: one run per slot; the next gets TooMany with the
// seconds until the first run's limit ends; a released slot is free again.
func TestBeginLimitsRuns(t *testing.T) {
	s := &Service{runs: newRuns(2)}
	if _, err := s.Begin(nil, 0); errs.CodeOf(err) != errs.Unauthenticated {
		t.Fatalf("anonymous: %v", err)
	}
	r1, err := s.Begin(council, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	r2, err := s.Begin(council, 20*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	_, err = s.Begin(council, 0)
	e := errs.As(err)
	if errs.CodeOf(err) != errs.TooMany || e == nil || e.RetryAfter < 4 || e.RetryAfter > 5 {
		t.Fatalf("third run: %v (retry after %v)", err, e)
	}
	if s.Running() != 2 {
		t.Fatalf("running %d", s.Running())
	}
	r1()
	r3, err := s.Begin(council, 0)
	if err != nil {
		t.Fatalf("after a release: %v", err)
	}
	r2()
	r3()
	if s.Running() != 0 {
		t.Fatalf("running %d after every release", s.Running())
	}
}

// TestEffectiveLimit: the time limit ends before the request's deadline.
func TestEffectiveLimit(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if d := effectiveLimit(ctx, 60*time.Second); d > 4500*time.Millisecond || d < 3*time.Second {
		t.Errorf("limit %v under a 5s deadline", d)
	}
	if d := effectiveLimit(ctx, time.Second); d != time.Second {
		t.Errorf("a shorter limit stays: %v", d)
	}
	if d := effectiveLimit(context.Background(), 7*time.Second); d != 7*time.Second {
		t.Errorf("no deadline: %v", d)
	}
}

// TestParseLimits: size limits name the field.
func TestParseLimits(t *testing.T) {
	s := NewService()
	if _, err := s.Parse([]byte(strings.Repeat(" ", MaxInstanceBytes+1))); errs.CodeOf(err) != errs.TooLarge {
		t.Errorf("over %d bytes: %v", MaxInstanceBytes, err)
	}
	doc := `{"format":"portfolio-instance/v1","years":1,"budget":[10],"projects":[{"id":"a","benefit":1,"cost":[1]},` +
		`{"id":"b","benefit":1,"cost":[1],"prerequisites":["a"]}],"exclusive_groups":[["a","b"]]}`
	if _, err := s.Parse([]byte(doc)); err != nil {
		t.Fatalf("within the limits: %v", err)
	}
	inst, _ := s.Parse([]byte(doc))
	inst.Years = MaxYears + 1
	for range MaxPrerequisites {
		inst.Projects[1].Prerequisites = append(inst.Projects[1].Prerequisites, "a")
	}
	for range MaxGroupMembers {
		inst.ExclusiveGroups[0] = append(inst.ExclusiveGroups[0], "a")
	}
	e := errs.As(checkSize(inst))
	if e == nil || len(e.Fields) != 3 || e.Fields[0].Field != "years" || e.Fields[1].Field != "projects.prerequisites" || e.Fields[2].Field != "exclusive_groups" {
		t.Fatalf("%+v", e)
	}
}
