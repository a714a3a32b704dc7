package forum

import (
	"strings"
	"testing"
)

func TestGenderMinimumFollowsTheAct(t *testing.T) {
	want := map[int]int{1: 0, 2: 1, 3: 1, 4: 2, 5: 2, 6: 3, 7: 3, 8: 3, 9: 4, 10: 4, 11: 5, 15: 6}
	for n, w := range want {
		if got := GenderMinimum(n); got != w {
			t.Errorf("GenderMinimum(%d) = %d, want %d", n, got, w)
		}
	}
}

func TestReceiptBindsTheChoices(t *testing.T) {
	r := Receipt(1, "aa", []int64{3, 1})
	if r != Receipt(1, "aa", []int64{1, 3}) {
		t.Fatal("the receipt depends on the order of the choices")
	}
	for _, other := range []string{Receipt(2, "aa", []int64{1, 3}), Receipt(1, "ab", []int64{1, 3}), Receipt(1, "aa", []int64{1})} {
		if other == r {
			t.Fatal("a different election, id or choice gave the same receipt")
		}
	}
	if id1, id2 := NewBallotID(), NewBallotID(); len(id1) != 32 || id1 == id2 {
		t.Fatal("ballot ids are not 16 random bytes")
	}
}

func TestSplitReportsTies(t *testing.T) {
	rows := Tally([]int64{1, 2, 3, 4}, []Ballot{{Choices: []int64{1, 2}}, {Choices: []int64{1, 3}}, {Choices: []int64{4}}})
	el, deps, tie := Split(rows, 1, 0)
	if el[0] != 1 || len(deps) != 0 || tie {
		t.Fatalf("split %v %v %v", el, deps, tie)
	}
	// 2, 3 and 4 have one vote each: the deputy boundary (after 2 and 3)
	// ties with 4, decided by nomination order.
	if _, deps, tie := Split(rows, 1, 2); !tie || deps[0] != 2 || deps[1] != 3 {
		t.Fatal("no tie reported between candidates 3 and 4")
	}
}

func TestCheckBalanceNamesTheBreakingSeat(t *testing.T) {
	c := func(id int64, gender, sector, county string, pop int64) *Candidate {
		return &Candidate{ID: id, PersonName: string(rune('A' + id)), Gender: gender, Sector: sector, County: county, Population: pop}
	}
	seats := []*Candidate{c(1, "male", "municipal", "Vestland", 290000), c(2, "male", "municipal", "Vestland", 60000),
		c(3, "male", "state", "", 0), c(4, "female", "municipal", "Innlandet", 3000)}
	br := CheckBalance(Balance{GenderLaw: true, MinState: 1, MinCounties: 3, MinSmall: 2}, seats, nil)
	got := map[string]Breach{}
	for _, b := range br {
		got[b.Rule+b.Group] = b
	}
	if b := got["genderfemale"]; b.Need != 2 || b.Have != 1 || b.Seat != 3 || b.CandidateID != 3 {
		t.Errorf("gender: %+v", b)
	}
	if b := got["counties"]; b.Need != 3 || b.Have != 2 || b.Seat != 3 {
		t.Errorf("counties: %+v", b)
	}
	if b := got["small"]; b.Need != 2 || b.Have != 1 || b.Seat != 3 {
		t.Errorf("small: %+v", b)
	}
	if _, ok := got["state"]; ok || len(br) != 3 {
		t.Errorf("breaches %+v", br)
	}
}

func TestRecountRefusesTampering(t *testing.T) {
	var bs []Ballot
	for _, ch := range [][]int64{{1, 2}, {2}, {1, 3}} {
		id := NewBallotID()
		bs = append(bs, Ballot{ID: id, Choices: ch, Receipt: Receipt(9, id, ch)})
	}
	SortBallots(bs)
	p := &Published{ElectionID: 9, Rule: RuleMajority, Seats: 2, Deputies: 1, Candidates: []PubPerson{{ID: 1}, {ID: 2}, {ID: 3}},
		Voted: 3, Ballots: bs, BallotsHash: BallotsHash(9, bs)}
	p.Tally = Tally([]int64{1, 2, 3}, bs)
	p.Elected, p.DeputiesElected, _ = Split(p.Tally, 2, 1)
	if _, err := Recount(p); err != nil {
		t.Fatal(err)
	}
	q := *p
	q.Ballots = append([]Ballot{}, bs...)
	q.Ballots[0], q.Ballots[1] = q.Ballots[1], q.Ballots[0]
	if _, err := Recount(&q); err == nil || !strings.Contains(err.Error(), "sorted") {
		t.Fatalf("reordered: %v", err)
	}
	q = *p
	q.Voted = 4
	if _, err := Recount(&q); err == nil {
		t.Fatal("a missing ballot was not noticed")
	}
	q = *p
	q.Elected = []int64{3, 1}
	if _, err := Recount(&q); err == nil {
		t.Fatal("a changed result was not noticed")
	}
}
