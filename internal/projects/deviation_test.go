package projects

import "testing"

func TestDeviationStateTable(t *testing.T) {
	d := func(typ, state string, breached bool) *Deviation {
		return &Deviation{Type: typ, State: state, ToleranceBreached: breached}
	}
	for _, c := range []struct {
		d  *Deviation
		to string
		ok bool
	}{
		{d("time", DevReported, false), DevAssessed, true},
		{d("time", DevAssessed, false), DevHandled, true},
		{d("time", DevAssessed, true), DevHandled, false}, // a breach cannot be handled within tolerance
		{d("time", DevReported, false), DevEscalated, true},
		{d("cost", DevAssessed, true), DevEscalated, true},
		{d("time", DevEscalated, false), DevDecided, true},
		{d("time", DevReported, false), DevDecided, false},
		{d("time", DevDecided, false), DevClosed, true},
		{d("time", DevHandled, false), DevClosed, true},
		{d("time", DevReported, false), DevClosed, false},
		{d("time", DevReported, false), DevDocumented, false},
		{d(TypeOutOfScope, DevReported, false), DevDocumented, true},
		{d(TypeOutOfScope, DevDocumented, false), DevReferred, true},
		{d(TypeOutOfScope, DevReported, false), DevEscalated, false},
		{d(TypeOutOfScope, DevReported, false), DevAssessed, false},
		{d("time", DevClosed, false), DevEscalated, false},
	} {
		if got := CanMoveDeviation(c.d, c.to); got != c.ok {
			t.Errorf("%s %s → %s (breached %v): %v, want %v", c.d.Type, c.d.State, c.to, c.d.ToleranceBreached, got, c.ok)
		}
	}
}

func TestDeviationValidate(t *testing.T) {
	if err := (&Deviation{Type: "budget", Description: ""}).Validate(); err == nil {
		t.Fatal("bad type and no description accepted")
	}
	if err := (&Deviation{Type: "scope", Description: "Mer enn avtalt"}).Validate(); err != nil {
		t.Fatal(err)
	}
}
