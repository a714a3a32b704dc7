package seed

import (
	"context"
	"fmt"
	"time"

	"github.com/samstyr/samstyr/internal/auth"
	"github.com/samstyr/samstyr/internal/forum"
	"github.com/samstyr/samstyr/internal/governance"
	"github.com/samstyr/samstyr/internal/policy"
	"github.com/samstyr/samstyr/internal/store"
)

// demoVoters are the voting representatives of the demo forums, by
// municipality number: Oslo, Bergen, Trondheim, Stavanger, Bodø (Frida
// Forum, the demo's forum representative), Røros, Kongsvinger, Alstahaug.
var demoVoters = []struct{ number, email, name, gender string }{
	{"0301", "velger.oslo@demo.samstyr.no", "Ola Oslo", "male"},
	{"4601", "velger.bergen@demo.samstyr.no", "Berit Bergen", "female"},
	{"5001", "velger.trondheim@demo.samstyr.no", "Trond Trondheim", "male"},
	{"1103", "velger.stavanger@demo.samstyr.no", "Stine Stavanger", "female"},
	{"1804", "forum@demo.samstyr.no", "Frida Forum", "female"},
	{"5025", "velger.roros@demo.samstyr.no", "Rolf Røros", "male"},
	{"3401", "velger.kongsvinger@demo.samstyr.no", "Kari Kongsvinger", "female"},
	{"1820", "velger.alstahaug@demo.samstyr.no", "Alf Alstahaug", "male"},
}

// DemoForum adds last year's Brukerforum with a finished election (its
// elected proposed as members of the user council, waiting for
// KommIT-rådet) and this year's forum with an election open for voting, in
// which Frida Forum (forum@demo.samstyr.no) votes for Bodø. It does
// nothing when forums exist.
func DemoForum(ctx context.Context, db *store.DB, people *auth.Service, today time.Time) error {
	if fs, err := db.FindForums(ctx); err != nil || len(fs) > 0 {
		return err
	}
	svc := forum.NewService(db, governance.NewService(db))
	sys := policy.SystemActor
	var actors []*policy.Actor
	for _, v := range demoVoters {
		o, err := db.FindOrganisationByNumber(ctx, v.number)
		if err != nil {
			return fmt.Errorf("municipality %s: %w", v.number, err)
		}
		p, _, err := ensurePerson(ctx, db, people, personSpec{email: v.email, name: v.name}, o.ID)
		if err != nil {
			return err
		}
		a, err := db.FindActor(ctx, p.ID, today)
		if err != nil {
			return err
		}
		actors = append(actors, a)
	}
	y := today.Year()
	plan := func(year int, start time.Time, title string) (*forum.Forum, error) {
		f := &forum.Forum{Title: title, StartsAt: start, EndsAt: start.Add(7 * time.Hour), Place: "Gardermoen",
			VideoURL: "https://video.example.org/brukerforum", Description: "Det årlige Brukerforum for plan, bygg og geodata."}
		if err := svc.CreateForum(ctx, sys, f); err != nil {
			return nil, err
		}
		for i, s := range []struct{ title, speakers string }{
			{"Velkommen og status for programmet", "Per Programleder"},
			{"Erfaringer med digital byggesøknad", "Aud Arbeidsgruppe"},
			{"Innspill til veikartet", ""},
			{"Valg av representanter til Brukerrådet", "Liv Leder"},
		} {
			if err := svc.AddSession(ctx, sys, f.ID, &forum.Session{StartsAt: start.Add(time.Duration(i*90) * time.Minute), Title: s.title, Speakers: s.speakers}); err != nil {
				return nil, err
			}
		}
		return f, svc.AdoptProgramme(ctx, sys, f.ID)
	}
	// Last year's forum: registered while it was ahead (the clock is moved
	// back for the registrations).
	pastStart := time.Date(y-1, 10, 15, 7, 0, 0, 0, time.UTC)
	past, err := plan(y-1, pastStart, fmt.Sprintf("Brukerforum %d", y-1))
	if err != nil {
		return err
	}
	svc.Now = func() time.Time { return pastStart.Add(-24 * time.Hour) }
	for _, v := range demoVoters {
		if err := svc.Register(ctx, sys, past.ID, &forum.Registration{Role: forum.RoleVoting, PersonEmail: v.email}); err != nil {
			return err
		}
	}
	svc.Now = time.Now
	e := &forum.Election{ForumID: past.ID, Title: fmt.Sprintf("Valg til Brukerrådet %d–%d", y, y+1), Seats: 3, Deputies: 2,
		Rule: forum.RuleMajority, TermFrom: time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC), TermTo: time.Date(y+1, 12, 31, 0, 0, 0, 0, time.UTC),
		Balance: forum.Balance{GenderLaw: true, MinCounties: 2, MinSmall: 1}}
	if err := svc.CreateElection(ctx, sys, e); err != nil {
		return err
	}
	for _, i := range []int{1, 2, 5, 6, 7, 3} {
		if err := svc.Nominate(ctx, sys, e.ID, &forum.Candidate{PersonEmail: demoVoters[i].email, Sector: "municipal",
			Gender: demoVoters[i].gender, Consent: true, Motivation: "Foreslått av sin kommune."}); err != nil {
			return err
		}
	}
	if err := svc.SetRoll(ctx, sys, e.ID, nil, true); err != nil {
		return err
	}
	if err := svc.OpenVoting(ctx, sys, e.ID, time.Time{}); err != nil {
		return err
	}
	cs, err := svc.Candidates(ctx, sys, e.ID)
	if err != nil {
		return err
	}
	for i, a := range actors {
		choices := []int64{cs[i%len(cs)].ID, cs[(i+2)%len(cs)].ID, cs[0].ID}
		if i%len(cs) == 0 || (i+2)%len(cs) == 0 {
			choices = choices[:2]
		}
		if _, err := svc.Vote(ctx, a, e.ID, choices); err != nil {
			return fmt.Errorf("demo vote %d: %w", i, err)
		}
	}
	if err := svc.Close(ctx, sys, e.ID); err != nil {
		return err
	}
	// This year's forum, a month ahead, with an election open for voting.
	start := time.Date(y, today.Month(), today.Day(), 7, 0, 0, 0, time.UTC).AddDate(0, 1, 0)
	cur, err := plan(y, start, fmt.Sprintf("Brukerforum %d", start.Year()))
	if err != nil {
		return err
	}
	for _, v := range demoVoters {
		if err := svc.Register(ctx, sys, cur.ID, &forum.Registration{Role: forum.RoleVoting, PersonEmail: v.email}); err != nil {
			return err
		}
	}
	open := &forum.Election{ForumID: cur.ID, Title: "Suppleringsvalg til Brukerrådet", Seats: 1, Deputies: 1, Rule: forum.RuleMajority,
		TermFrom: time.Date(start.Year()+2, 1, 1, 0, 0, 0, 0, time.UTC), TermTo: time.Date(start.Year()+3, 12, 31, 0, 0, 0, 0, time.UTC),
		Balance: forum.Balance{GenderLaw: true}}
	if err := svc.CreateElection(ctx, sys, open); err != nil {
		return err
	}
	for _, i := range []int{0, 3, 7} {
		if err := svc.Nominate(ctx, sys, open.ID, &forum.Candidate{PersonEmail: demoVoters[i].email, Sector: "municipal",
			Gender: demoVoters[i].gender, Consent: true}); err != nil {
			return err
		}
	}
	if err := svc.SetRoll(ctx, sys, open.ID, nil, true); err != nil {
		return err
	}
	if err := svc.OpenVoting(ctx, sys, open.ID, time.Time{}); err != nil {
		return err
	}
	ocs, err := svc.Candidates(ctx, sys, open.ID)
	if err != nil {
		return err
	}
	for i, a := range actors[:3] {
		if _, err := svc.Vote(ctx, a, open.ID, []int64{ocs[i%2].ID}); err != nil {
			return err
		}
	}
	return nil
}
